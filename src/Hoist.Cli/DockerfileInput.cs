using System.CommandLine;
using System.Text;
using Hoist.Building.Engine;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>Finds, reads and plans the Dockerfile a command names: <c>-f FILE</c>, <c>-f -</c> (stdin) or CONTEXT/Dockerfile.</summary>
public static class DockerfileInput
{
    /// <summary><c>-f/--file</c>, shared by every command that reads a Dockerfile.</summary>
    public static Option<string?> CreateFileOption() => new("--file", "-f")
    {
        Description = "Dockerfile to read (default: CONTEXT/Dockerfile; '-' reads stdin)",
    };

    public static Option<string[]> CreateBuildArgOption() => new("--build-arg")
    {
        Description = "Build-time variable NAME=VALUE, or NAME to take it from the environment",
        DefaultValueFactory = _ => [],
    };

    public static Argument<string> CreateContextArgument(string description = "Build context directory") => new("CONTEXT")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    /// <summary><c>--format text|json</c>.</summary>
    public static Option<string> CreateFormatOption()
    {
        var format = new Option<string>("--format") { Description = "Output format: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        return format;
    }

    /// <summary>The path to read: <paramref name="file"/> as given (relative to the working directory, like docker), else CONTEXT/Dockerfile.
    /// For a context fetched from a URL (<paramref name="remote"/>), a relative <paramref name="file"/> is inside it, as
    /// buildx sends it to BuildKit, and a downloaded Dockerfile is the Dockerfile whatever <c>-f</c> says (BuildKit's
    /// filename for an HTTP context); <c>-</c> and absolute paths stay local.</summary>
    public static string ResolvePath(string? file, string? context, RemoteBuildContext? remote = null)
    {
        if (remote is not null && (string.IsNullOrEmpty(file) || (file != "-" && !Path.IsPathRooted(file))))
        {
            return remote.DockerfileAt(string.IsNullOrEmpty(file) ? "Dockerfile" : file);
        }
        return string.IsNullOrEmpty(file) ? Path.Combine(string.IsNullOrEmpty(context) ? "." : context, "Dockerfile") : file;
    }

    /// <summary>64 MiB: the most of a Dockerfile read whole (for checks and multi-platform plans); the parser's own limits
    /// (16 MiB a line, 2,000 instructions) stop any real one first, and <c>-f /dev/zero</c> ran out of memory.</summary>
    public const int MaxWholeLength = 64 << 20;

    public static (string Text, string FileName) Read(string path, TextReader? stdin = null)
    {
        var (reader, fileName) = Open(path, stdin);
        return (ReadBounded(reader, path), fileName);
    }

    /// <summary>The Dockerfile as a reader (UTF-8, byte order mark dropped), so it is parsed without being held whole.</summary>
    public static (TextReader Reader, string FileName) Open(string path, TextReader? stdin = null)
    {
        if (path == "-")
        {
            return (stdin ?? Console.In, "Dockerfile");
        }
        if (Directory.Exists(path)) throw new HoistException($"failed to read Dockerfile {path}: is a directory");
        try
        {
            return (new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true), Path.GetFileName(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"failed to read Dockerfile {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// One plan per target platform of a multi-platform build, in the order given; the Dockerfile (or standard input)
    /// is read once (not at all when its <paramref name="known"/> text and name are given). Empty for fewer than two platforms.
    /// </summary>
    public static IReadOnlyList<BuildPlan> PlanEach(string path, PlanOptions options, IReadOnlyList<Platform> platforms,
        (string Text, string FileName)? known = null)
    {
        if (platforms.Count < 2) return [];
        var (text, fileName) = known ?? Read(path);
        return [.. platforms.Select(p => DockerfileFrontend.Plan(text, fileName, options with { TargetPlatform = p }))];
    }

    /// <summary>Reads to the end, at most <see cref="MaxWholeLength"/> characters, and disposes the reader.</summary>
    private static string ReadBounded(TextReader reader, string path)
    {
        var text = new StringBuilder();
        var buffer = new char[64 << 10];
        try
        {
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (text.Length + read > MaxWholeLength)
                {
                    throw new HoistException($"failed to read Dockerfile {path}: longer than {MaxWholeLength >> 20} MiB, Hoist's limit");
                }
                text.Append(buffer, 0, read);
            }
            return text.ToString();
        }
        catch (IOException e)
        {
            throw new HoistException($"failed to read Dockerfile {path}: {e.Message}", e);
        }
        finally
        {
            reader.Dispose();
        }
    }

    /// <summary>Parses and plans; <paramref name="options"/> gets the file's escape character.</summary>
    public static BuildPlan Plan(string path, PlanOptions options)
    {
        var (reader, fileName) = Open(path);
        try
        {
            return DockerfileFrontend.Plan(reader, fileName, options);
        }
        catch (IOException e)
        {
            throw new HoistException($"failed to read Dockerfile {path}: {e.Message}", e);
        }
        finally
        {
            reader.Dispose();
        }
    }
}
