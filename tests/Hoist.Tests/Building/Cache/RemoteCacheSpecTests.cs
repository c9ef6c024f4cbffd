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
        Assert.Equal("127.0.0.1:5000", spec.Reference.Registry);
        Assert.Equal("cache/app", spec.Reference.Repository);
        Assert.Equal("main", spec.Reference.Tag);
        Assert.Equal(mode, spec.Mode);
    }

    [Theory]
    [InlineData("type=local,dest=/tmp/x", "--cache-to", "cache type \"local\" is not supported (only registry)")]
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
