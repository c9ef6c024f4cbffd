using System.Text.Json;
using Hoist.Building.Engine;
using Hoist.Tests.Content;

namespace Hoist.Tests.Cli;

/// <summary><c>hoist volume create|ls|inspect|rm|prune</c> as docker's, and hostile volume names refused by
/// <c>hoist run -v</c> with one line before anything runs.</summary>
public sealed class VolumeCommandTests : IDisposable
{
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    private CliRun Hoist(params string[] args) => CliRun.WithRoot(_test.Root, args);

    [Fact]
    public void Create_ls_and_inspect_show_what_docker_shows()
    {
        var create = Hoist("volume", "create", "data");
        var again = Hoist("volume", "create", "data");
        Hoist("volume", "create", "cache");

        var list = Hoist("volume", "ls");
        var quiet = Hoist("volume", "ls", "-q", "--filter", "name=at");
        var inspect = Hoist("volume", "inspect", "data");

        Assert.Equal((0, "data\n"), (create.ExitCode, create.Output));
        Assert.Equal((0, "data\n"), (again.ExitCode, again.Output));
        Assert.Equal("DRIVER    VOLUME NAME\nlocal     cache\nlocal     data\n", list.Output);
        Assert.Equal("data\n", quiet.Output);
        using var json = JsonDocument.Parse(inspect.Output);
        var volume = json.RootElement[0];
        Assert.Equal(["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"], volume.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Path.Combine(_test.Root, "volumes", "data", "_data"), volume.GetProperty("Mountpoint").GetString());
        Assert.Equal(("data", "local", "local"), (volume.GetProperty("Name").GetString(), volume.GetProperty("Driver").GetString(), volume.GetProperty("Scope").GetString()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", volume.GetProperty("CreatedAt").GetString());
        Assert.StartsWith("[\n    {\n        \"CreatedAt\"", inspect.Output, StringComparison.Ordinal);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (volume.GetProperty("Labels").ValueKind, volume.GetProperty("Options").ValueKind));
    }

    [Fact]
    public void A_volume_without_a_name_gets_a_random_one()
    {
        var create = Hoist("volume", "create");

        Assert.Matches("^[0-9a-f]{64}\n$", create.Output);
    }

    [Fact]
    public void Rm_names_what_it_removed_and_fails_on_a_missing_volume_unless_forced()
    {
        Hoist("volume", "create", "gone");

        var remove = Hoist("volume", "rm", "gone", "nope");
        var forced = Hoist("volume", "rm", "-f", "nope");
        var missing = Hoist("volume", "inspect", "nope");

        Assert.Equal((1, "gone\n", "error: get nope: no such volume\n"), (remove.ExitCode, remove.Output, remove.Error));
        Assert.Equal((0, "", ""), (forced.ExitCode, forced.Output, forced.Error));
        Assert.Equal((1, "error: get nope: no such volume\n"), (missing.ExitCode, missing.Error));
        Assert.Equal("", Hoist("volume", "ls", "-q").Output);
    }

    [Fact]
    public void Prune_removes_anonymous_volumes_and_with_all_every_unused_one_while_hoist_prune_keeps_them()
    {
        Hoist("volume", "create", "named");
        var anonymous = new VolumeStore(_test.Root).CreateAnonymous();
        File.WriteAllText(Path.Combine(anonymous.Mountpoint, "f"), "12345");

        var storePrune = Hoist("prune");
        var listed = Hoist("volume", "ls", "-q").Output;
        var prune = Hoist("volume", "prune", "-f");
        var all = Hoist("volume", "prune", "--all", "--force");

        Assert.Equal(0, storePrune.ExitCode);
        Assert.Equal($"{anonymous.Name}\nnamed\n", listed);
        Assert.Equal($"Deleted Volumes:\n{anonymous.Name}\n\nTotal reclaimed space: 5B\n", prune.Output);
        Assert.Equal("Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n", all.Output);
        Assert.Equal("", Hoist("volume", "ls", "-q").Output);
    }

    [Theory]
    [InlineData("a/../../etc:/data", "a/../../etc")]
    [InlineData("_hidden:/data", "_hidden")]
    [InlineData("$(id):/data", "$(id)")]
    public void Run_refuses_a_hostile_volume_name_with_one_line(string spec, string name)
    {
        var run = Hoist("run", "-v", spec, "busybox", "true");
        var create = Hoist("volume", "create", name);

        var message = $"error: create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. "
            + "If you intended to pass a host directory, use absolute path\n";
        Assert.Equal((1, message), (run.ExitCode, run.Error));
        Assert.Equal((1, message), (create.ExitCode, create.Error));
        Assert.False(Directory.Exists(Path.Combine(_test.Root, "volumes")));
    }
}
