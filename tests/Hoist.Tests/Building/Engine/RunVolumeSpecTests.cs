using Hoist.Building.Engine;

namespace Hoist.Tests.Building.Engine;

/// <summary><c>hoist run -v</c> read as docker reads it: host paths, named and anonymous volumes, modes, and docker's
/// messages for what it refuses.</summary>
public sealed class RunVolumeSpecTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void An_absolute_or_dotted_source_is_a_host_path()
    {
        _tree.File("data/x");

        var absolute = RunVolumeSpec.Parse($"{_tree.PathOf("data")}:/data:ro", "/");
        var relative = RunVolumeSpec.Parse("./data:/data", _tree.Root);

        Assert.Equal(new RunVolume("/data") { HostPath = _tree.PathOf("data"), ReadOnly = true }, absolute);
        Assert.Equal(new RunVolume("/data") { HostPath = _tree.PathOf("data") }, relative);
    }

    [Theory]
    [InlineData("cache:/var/cache", "cache", false, true)]
    [InlineData("my_vol.1-x:/v:ro", "my_vol.1-x", true, true)]
    [InlineData("db:/db:nocopy", "db", false, false)]
    [InlineData("db:/db:ro,nocopy,z", "db", true, false)]
    public void A_name_is_a_named_volume(string spec, string name, bool readOnly, bool copyUp)
    {
        var volume = RunVolumeSpec.Parse(spec, "/");

        Assert.Equal((name, (string?)null, readOnly, copyUp), (volume.VolumeName!, volume.HostPath, volume.ReadOnly, volume.CopyUp));
    }

    [Theory]
    [InlineData("/scratch", false)]
    [InlineData("/scratch:ro", true)]
    public void A_target_alone_is_an_anonymous_volume(string spec, bool readOnly) =>
        Assert.Equal(new RunVolume("/scratch") { ReadOnly = readOnly }, RunVolumeSpec.Parse(spec, "/"));

    [Theory]
    [InlineData("a/b:/x", "create a/b: \"a/b\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")]
    [InlineData("_x:/x", "create _x: \"_x\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")]
    [InlineData("x:/x", "create x: volume name is too short, names should be at least two alphanumeric characters")]
    [InlineData("vol:relative", "invalid volume \"vol:relative\": invalid mount path: 'relative' mount path must be absolute")]
    [InlineData("vol:/", "invalid volume \"vol:/\": invalid specification: destination can't be '/'")]
    [InlineData("vol:/x:rx", "invalid volume \"vol:/x:rx\": invalid mode: rx")]
    [InlineData("vol:/x:ro,rw", "invalid volume \"vol:/x:ro,rw\": invalid mode: ro,rw")]
    [InlineData("a:b:c:d", "invalid volume specification: 'a:b:c:d'")]
    [InlineData("/nonexistent-hoist-dir:/x", "invalid volume \"/nonexistent-hoist-dir:/x\": /nonexistent-hoist-dir does not exist")]
    [InlineData("/tmp:/x:nocopy", "invalid volume \"/tmp:/x:nocopy\": invalid mode: nocopy (only for volumes)")]
    public void A_bad_spec_is_one_line(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<HoistException>(() => RunVolumeSpec.Parse(spec, "/")).Message);
}
