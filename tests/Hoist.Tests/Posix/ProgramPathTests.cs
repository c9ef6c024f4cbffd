using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>Programs named without a slash are looked up in PATH only, never in the current directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProgramPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-path-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Make(string directory, string name, UnixFileMode mode)
    {
        var full = Path.Combine(_dir, directory);
        Directory.CreateDirectory(full);
        var path = Path.Combine(full, name);
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void A_bare_name_resolves_to_the_first_executable_in_the_search_path()
    {
        Make("a", "tool", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var wanted = Make("b", "tool", UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var resolved = ProgramPath.Resolve("tool", $"{Path.Combine(_dir, "a")}:relative:{Path.Combine(_dir, "b")}");

        Assert.Equal(wanted, resolved);
    }

    [Fact]
    public void A_name_with_a_slash_or_found_nowhere_is_returned_unchanged()
    {
        Assert.Equal("./tool", ProgramPath.Resolve("./tool", _dir));
        Assert.Equal("no-such-tool", ProgramPath.Resolve("no-such-tool", _dir));
    }

    [Fact]
    public async Task A_child_process_ignores_a_file_of_the_same_name_in_the_current_directory()
    {
        // The relative search-path entry "." is what .NET's own lookup effectively adds; ProgramPath skips it.
        Make(".", "env", UnixFileMode.UserRead);
        Assert.Equal("/usr/bin/env", ProgramPath.Resolve("env", $".:{_dir}:/usr/bin"));

        var result = await ChildProcess.RunAsync(new ChildProcessStart("env", ["true"]));

        Assert.Equal(0, result.ExitCode);
    }
}
