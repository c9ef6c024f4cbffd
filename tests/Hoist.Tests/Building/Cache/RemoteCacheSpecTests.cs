using Hoist.Building.Cache;

namespace Hoist.Tests.Building.Cache;

public sealed class RemoteCacheSpecTests
{
    [Theory]
    [InlineData("type=registry,ref=127.0.0.1:5000/cache/app:main", RemoteCacheMode.Min)]
    [InlineData("type=registry,ref=127.0.0.1:5000/cache/app:main,mode=min", RemoteCacheMode.Min)]
    [InlineData("ref=127.0.0.1:5000/cache/app:main, type=registry, mode=max", RemoteCacheMode.Max)]
    [InlineData("127.0.0.1:5000/cache/app:main", RemoteCacheMode.Min)]
    public void Parses_registry_specs(string text, RemoteCacheMode mode)
    {
        var spec = RemoteCacheSpec.Parse(text, "--cache-to", export: true);
        Assert.NotNull(spec.Reference);
        Assert.Equal("127.0.0.1:5000", spec.Reference.Registry);
        Assert.Equal("cache/app", spec.Reference.Repository);
        Assert.Equal("main", spec.Reference.Tag);
        Assert.Equal(RemoteCacheType.Registry, spec.Type);
        Assert.Equal(mode, spec.Mode);
        Assert.False(spec.Mounts);
    }

    [Fact]
    public void Parses_local_specs_for_export_and_import()
    {
        var export = RemoteCacheSpec.Parse("type=local,dest=ci-cache,mode=max,mounts=true", "--cache-to", export: true);
        Assert.Equal(RemoteCacheType.Local, export.Type);
        Assert.Equal(Path.GetFullPath("ci-cache"), export.Directory);
        Assert.Null(export.Reference);
        Assert.Equal(RemoteCacheMode.Max, export.Mode);
        Assert.True(export.Mounts);

        var import = RemoteCacheSpec.Parse("type=local,src=/var/cache/ci", "--cache-from", export: false);
        Assert.Equal("/var/cache/ci", import.Directory);
        Assert.Equal("/var/cache/ci", import.Name);
    }

    [Theory]
    [InlineData("type=gha", "--cache-to", "cache type \"gha\" is not supported (registry or local)")]
    [InlineData("type=local,src=/tmp/x", "--cache-to", "unknown field \"src\"")]
    [InlineData("type=local,dest=/tmp/x", "--cache-from", "unknown field \"dest\"")]
    [InlineData("type=local", "--cache-to", "missing dest=DIR")]
    [InlineData("type=local,src=", "--cache-from", "missing src=DIR")]
    [InlineData("dest=/tmp/x", "--cache-to", "missing type=local")]
    [InlineData("type=local,dest=/tmp/x,mounts=yes", "--cache-to", "mounts must be true or false, not \"yes\"")]
    [InlineData("type=local,src=/tmp/x,mounts=true", "--cache-from", "unknown field \"mounts\"")]
    [InlineData("type=registry", "--cache-to", "missing ref=HOST/REPO:TAG")]
    [InlineData("ref=127.0.0.1:5000/a:b", "--cache-to", "missing type=registry")]
    [InlineData("type=registry,ref=127.0.0.1:5000/a:b,mode=all", "--cache-to", "mode must be min or max, not \"all\"")]
    [InlineData("type=registry,ref=127.0.0.1:5000/a:b,mode=max", "--cache-from", "unknown field \"mode\"")]
    [InlineData("type=registry,ref=127.0.0.1:5000/a:b,compression=zstd", "--cache-to", "unknown field \"compression\"")]
    [InlineData("type=registry,ref=127.0.0.1:5000/a:b,oops", "--cache-to", "expected KEY=VALUE fields, got \"oops\"")]
    [InlineData("type=registry,ref=Not A Ref", "--cache-from", "")]
    public void Rejects_bad_specs_with_one_line(string text, string option, string cause)
    {
        var e = Assert.Throws<HoistException>(() => RemoteCacheSpec.Parse(text, option, export: option == "--cache-to"));
        Assert.StartsWith($"invalid {option} \"{text}\": {cause}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
