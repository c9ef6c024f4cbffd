using System.Text;
using System.Text.RegularExpressions;
using Hoist.Dockerfile.Parsing;
using Hoist.Posix;

namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// Syntax nodes → typed instructions, with flag parsing and validation, as BuildKit's frontend/dockerfile/instructions
/// does after its parser's per-instruction argument splitting. Pure; errors are <see cref="DockerfileException"/>
/// naming the file and the instruction's first line.
/// </summary>
public static partial class InstructionReader
{
    public static IReadOnlyList<Instruction> Read(DockerfileSyntax syntax)
    {
        var instructions = new List<Instruction>(syntax.Instructions.Count);
        foreach (var node in syntax.Instructions)
            instructions.Add(Read(node, syntax.FileName, syntax.EscapeChar));
        return instructions;
    }

    /// <summary>Reads one node, e.g. an ONBUILD trigger taken from a base image's config and parsed on its own.</summary>
    public static Instruction Read(InstructionNode node, string fileName, char escapeChar = '\\')
    {
        try
        {
            return ReadNode(node, escapeChar) with { Comments = node.Comments };
        }
        catch (InstructionError e)
        {
            throw new DockerfileException(fileName, node.StartLine, e.Message);
        }
    }

    private static Instruction ReadNode(InstructionNode node, char esc) => node.Keyword switch
    {
        "add" => ReadAdd(node, esc),
        "arg" => ReadArg(node, esc),
        "cmd" => new CmdInstruction { Command = ReadCommand(node, esc, "CMD"), Line = node.StartLine, EndLine = node.EndLine, Original = node.Original },
        "copy" => ReadCopy(node, esc),
        "entrypoint" => new EntrypointInstruction { Command = ReadCommand(node, esc, "ENTRYPOINT"), Line = node.StartLine, EndLine = node.EndLine, Original = node.Original },
        "env" => ReadEnv(node, esc),
        "expose" => ReadExpose(node, esc),
        "from" => ReadFrom(node, esc),
        "healthcheck" => ReadHealthcheck(node, esc),
        "label" => ReadLabel(node, esc),
        "maintainer" => new MaintainerInstruction { Maintainer = ReadSingle(node, esc, "MAINTAINER"), Line = node.StartLine, EndLine = node.EndLine, Original = node.Original },
        "onbuild" => ReadOnbuild(node, esc),
        "run" => ReadRun(node, esc),
        "shell" => ReadShell(node, esc),
        "stopsignal" => new StopsignalInstruction { Signal = ReadSingle(node, esc, "STOPSIGNAL"), Line = node.StartLine, EndLine = node.EndLine, Original = node.Original },
        "user" => new UserInstruction { User = ReadSingle(node, esc, "USER"), Line = node.StartLine, EndLine = node.EndLine, Original = node.Original },
        "volume" => ReadVolume(node, esc),
        "workdir" => new WorkdirInstruction { Path = ReadSingle(node, esc, "WORKDIR"), Line = node.StartLine, EndLine = node.EndLine, Original = node.Original },
        // The parser keeps unknown keywords (as BuildKit's does), so the instructions before one are read and checked first.
        _ => throw new InstructionError(InstructionKeywords.UnknownMessage(node.OriginalKeyword)),
    };

    private static InstructionFlags NoFlags(InstructionNode node, char esc, string name) =>
        new InstructionFlags(name).Parse(node.Flags, esc);

    /// <summary>JSON (exec) form arguments, or null for the shell form.</summary>
    private static IReadOnlyList<string>? Json(InstructionNode node) =>
        node.JsonArgs ?? ArgumentSplitter.TryParseJsonArray(node.Rest);

    /// <summary>MAINTAINER, STOPSIGNAL, USER and WORKDIR take the whole rest of the line as one argument.</summary>
    private static string ReadSingle(InstructionNode node, char esc, string name)
    {
        if (node.Rest.Length == 0)
            throw new InstructionError($"{name} requires exactly one argument");
        NoFlags(node, esc, name);
        return node.Rest;
    }

    private static EnvInstruction ReadEnv(InstructionNode node, char esc)
    {
        NoFlags(node, esc, "ENV");
        var (pairs, legacy) = ArgumentSplitter.NameValues(node.Rest, "ENV", esc);
        return new EnvInstruction { Variables = pairs, LegacyForm = legacy, Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static LabelInstruction ReadLabel(InstructionNode node, char esc)
    {
        NoFlags(node, esc, "LABEL");
        var (pairs, legacy) = ArgumentSplitter.NameValues(node.Rest, "LABEL", esc);
        return new LabelInstruction { Labels = pairs, LegacyForm = legacy, Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static ArgInstruction ReadArg(InstructionNode node, char esc)
    {
        var words = ArgumentSplitter.Words(node.Rest, esc);
        if (words.Count == 0)
            throw new InstructionError("ARG requires at least one argument");
        NoFlags(node, esc, "ARG");
        var declarations = new List<ArgDeclaration>(words.Count);
        foreach (var word in words)
        {
            var eq = word.IndexOf('=');
            if (eq == 0)
                throw new InstructionError("ARG names can not be blank");
            declarations.Add(eq < 0 ? new ArgDeclaration(word, null) : new ArgDeclaration(word[..eq], word[(eq + 1)..]));
        }
        return new ArgInstruction { Arguments = declarations, Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    /// <summary>COPY/ADD words: a JSON array, or whitespace-separated (quotes are not special here, as in BuildKit).</summary>
    private static IReadOnlyList<string> SourceAndDestinationWords(InstructionNode node, string name)
    {
        var args = Json(node) ?? ArgumentSplitter.SplitWhitespace(node.Rest);
        if (args.Count < 2)
            throw new InstructionError(
                $"{name} requires at least two arguments, but only one was provided. Destination could not be determined");
        return args;
    }

    private static (IReadOnlyList<string> Sources, string Destination) SplitDestination(IReadOnlyList<string> args, string name)
    {
        var destination = args[^1];
        if (ArgumentSplitter.IsHeredocWord(destination))
            throw new InstructionError($"{name} cannot accept a heredoc as a destination");
        return (args.Take(args.Count - 1).ToArray(), destination);
    }

    private static CopyInstruction ReadCopy(InstructionNode node, char esc)
    {
        var args = SourceAndDestinationWords(node, "COPY");
        var flags = new InstructionFlags("COPY")
            .String("chown").String("from").String("chmod").Bool("link").Strings("exclude").Bool("parents")
            .Parse(node.Flags, esc);
        var (sources, destination) = SplitDestination(args, "COPY");
        var from = flags.GetString("from");
        // BuildKit resolves --from before any variable is known, so it refuses variables there (a trailing $ is literal).
        if (from is not null && from.IndexOf('$') is var dollar && dollar >= 0 && dollar != from.Length - 1)
            throw new InstructionError(
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround");
        return new CopyInstruction
        {
            Sources = sources,
            Destination = destination,
            From = from,
            Chown = flags.GetString("chown"),
            Chmod = flags.GetString("chmod"),
            Link = flags.GetBool("link"),
            Parents = flags.GetBool("parents"),
            Excludes = flags.GetStrings("exclude"),
            Heredocs = node.Heredocs,
            Line = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    private static AddInstruction ReadAdd(InstructionNode node, char esc)
    {
        var args = SourceAndDestinationWords(node, "ADD");
        var flags = new InstructionFlags("ADD")
            .String("chown").String("chmod").Bool("link").Bool("keep-git-dir").String("checksum").Bool("unpack")
            .Strings("exclude")
            .Parse(node.Flags, esc);
        var (sources, destination) = SplitDestination(args, "ADD");
        return new AddInstruction
        {
            Sources = sources,
            Destination = destination,
            Chown = flags.GetString("chown"),
            Chmod = flags.GetString("chmod"),
            Link = flags.GetBool("link"),
            Checksum = flags.GetString("checksum"),
            KeepGitDir = flags.GetBool("keep-git-dir"),
            Unpack = flags.GetBoolOrNull("unpack"),
            Excludes = flags.GetStrings("exclude"),
            Heredocs = node.Heredocs,
            Line = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    // BuildKit's stage name rule, applied to the lower-cased name.
    [GeneratedRegex("^[a-z][a-z0-9\\-_.]*$")]
    private static partial Regex ValidStageName();

    private static FromInstruction ReadFrom(InstructionNode node, char esc)
    {
        var args = ArgumentSplitter.SplitWhitespace(node.Rest);
        string? stageName = null;
        if (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            stageName = args[2];
            if (!ValidStageName().IsMatch(stageName.ToLowerInvariant()))
                throw new InstructionError(
                    $"invalid name for build stage: \"{stageName}\", name can't start with a number or contain symbols");
        }
        else if (args.Count != 1)
        {
            throw new InstructionError("FROM requires either one or three arguments");
        }
        var flags = new InstructionFlags("FROM").String("platform").Parse(node.Flags, esc);
        return new FromInstruction
        {
            BaseName = args[0],
            StageName = stageName,
            Platform = flags.GetString("platform"),
            Line = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    /// <summary>CMD and ENTRYPOINT: a JSON array is the exec form; anything else is one shell-form string.</summary>
    private static CommandLine ReadCommand(InstructionNode node, char esc, string name)
    {
        NoFlags(node, esc, name);
        return CommandOf(node);
    }

    private static CommandLine CommandOf(InstructionNode node)
    {
        var json = Json(node);
        if (json is not null)
            return new CommandLine(json, IsShellForm: false);
        // An empty shell form is one empty command (BuildKit: `CMD` alone is ["/bin/sh", "-c", ""]).
        return new CommandLine([node.Rest], IsShellForm: true);
    }

    private static RunInstruction ReadRun(InstructionNode node, char esc)
    {
        var flags = new InstructionFlags("RUN").Strings("mount").String("network").String("security")
            .Parse(node.Flags, esc);
        var command = CommandOf(node);
        // A bare RUN runs `/bin/sh -c ""` in BuildKit; `RUN []` fails there without a location ("arguments are required").
        if (command.Args.Count == 0)
            throw new InstructionError("RUN requires at least one argument");

        var network = flags.GetString("network");
        if (network is not null and not ("default" or "none" or "host"))
            throw new InstructionError($"invalid network mode \"{network}\"");
        var security = flags.GetString("security");
        if (security is not null and not ("sandbox" or "insecure"))
            throw new InstructionError($"security \"{security}\" is not valid");

        return new RunInstruction
        {
            Command = command,
            Mounts = flags.GetStrings("mount").Select(m => RunMountReader.Parse(m, expand: null)).ToArray(),
            Network = network,
            Security = security,
            Heredocs = node.Heredocs,
            Line = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    private static ShellInstruction ReadShell(InstructionNode node, char esc)
    {
        NoFlags(node, esc, "SHELL");
        var json = Json(node);
        if (json is null)
            throw node.Rest.Length == 0
                ? new InstructionError("SHELL requires at least one argument")
                : new InstructionError("SHELL requires the arguments to be in JSON form");
        if (json.Count == 0)
            throw new InstructionError("SHELL requires at least one argument");
        return new ShellInstruction { Shell = json, Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static ExposeInstruction ReadExpose(InstructionNode node, char esc)
    {
        var ports = ArgumentSplitter.SplitWhitespace(node.Rest).ToList();
        if (ports.Count == 0)
            throw new InstructionError("EXPOSE requires at least one argument");
        NoFlags(node, esc, "EXPOSE");
        ports.Sort(StringComparer.Ordinal); // BuildKit sorts the ports as written
        return new ExposeInstruction { Ports = ports, Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static VolumeInstruction ReadVolume(InstructionNode node, char esc)
    {
        var args = Json(node) ?? ArgumentSplitter.SplitWhitespace(node.Rest);
        if (args.Count == 0)
            throw new InstructionError("VOLUME requires at least one argument");
        NoFlags(node, esc, "VOLUME");
        var volumes = new List<string>(args.Count);
        foreach (var arg in args)
        {
            var volume = arg.Trim();
            if (volume.Length == 0)
                throw new InstructionError("VOLUME specified can not be an empty string");
            volumes.Add(volume);
        }
        return new VolumeInstruction { Volumes = volumes, Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static HealthcheckInstruction ReadHealthcheck(InstructionNode node, char esc)
    {
        var rest = node.Rest;
        if (rest.Length == 0)
            throw new InstructionError("HEALTHCHECK requires at least one argument");
        var sep = 0;
        while (sep < rest.Length && !char.IsWhiteSpace(rest[sep])) sep++;
        var type = rest[..sep].ToUpperInvariant();
        var command = rest[sep..].TrimStart();

        var flags = new InstructionFlags("HEALTHCHECK")
            .String("interval").String("timeout").String("start-period").String("start-interval").String("retries")
            .Parse(node.Flags, esc);

        if (type == "NONE")
        {
            if (command.Length != 0)
                throw new InstructionError("HEALTHCHECK NONE takes no arguments");
            return new HealthcheckInstruction { Test = ["NONE"], Line = node.StartLine, EndLine = node.EndLine, Original = node.Original };
        }
        if (type != "CMD")
            throw new InstructionError($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");

        IReadOnlyList<string> test;
        var json = ArgumentSplitter.TryParseJsonArray(command);
        if (json is not null)
            test = json.Count == 0 ? [] : ["CMD", .. json];
        else
            test = command.Length == 0 ? [] : ["CMD-SHELL", command];
        if (test.Count == 0)
            throw new InstructionError("Missing command after HEALTHCHECK CMD");

        return new HealthcheckInstruction
        {
            Test = test,
            Interval = Interval(flags, "interval"),
            Timeout = Interval(flags, "timeout"),
            StartPeriod = Interval(flags, "start-period"),
            StartInterval = Interval(flags, "start-interval"),
            Retries = Retries(flags.GetString("retries")),
            Line = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    /// <summary>A HEALTHCHECK duration: absent or empty → null; otherwise 0, or at least 1ms (BuildKit's minimum).</summary>
    private static TimeSpan? Interval(InstructionFlags flags, string name)
    {
        var text = flags.GetString(name);
        if (string.IsNullOrEmpty(text))
            return null;
        if (!GoDuration.TryParse(text, out var duration, out var nanoseconds, out var error))
            throw new InstructionError($"{error} for --{name}");
        if (nanoseconds == 0)
            return TimeSpan.Zero;
        if (nanoseconds < 1_000_000)
            throw new InstructionError($"Interval \"{name}\" cannot be less than 1ms");
        return duration;
    }

    private static int? Retries(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var retries) || retries is > int.MaxValue or < int.MinValue)
            throw new InstructionError($"invalid value for --retries: \"{text}\" is not a 32-bit integer");
        if (retries < 0)
            throw new InstructionError($"--retries cannot be negative ({retries})");
        return (int)retries;
    }

    [GeneratedRegex(@"^\s*ONBUILD\s*", RegexOptions.IgnoreCase)]
    private static partial Regex OnbuildPrefix();

    private static OnbuildInstruction ReadOnbuild(InstructionNode node, char esc)
    {
        if (node.Child is null || node.Rest.Length == 0)
            throw new InstructionError("ONBUILD requires at least one argument");
        NoFlags(node, esc, "ONBUILD");

        var child = node.Child;
        switch (child.Keyword.ToUpperInvariant())
        {
            case "ONBUILD":
                throw new InstructionError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM":
                throw new InstructionError($"{child.Keyword.ToUpperInvariant()} isn't allowed as an ONBUILD trigger");
        }

        // The parser may hang a trigger's heredocs on the ONBUILD node (as BuildKit does) or on the child.
        var heredocs = node.Heredocs.Count > 0 ? node.Heredocs : child.Heredocs;
        var trigger = ReadNode(child with { Heredocs = heredocs }, esc);

        // The config keeps the trigger as text; heredoc bodies follow it so the child build can parse it again.
        var text = new StringBuilder(OnbuildPrefix().Replace(node.Original, ""));
        foreach (var heredoc in heredocs)
            text.Append('\n').Append(heredoc.Content).Append(heredoc.Name);

        return new OnbuildInstruction
        {
            Trigger = trigger,
            TriggerText = text.ToString(),
            Line = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }
}
