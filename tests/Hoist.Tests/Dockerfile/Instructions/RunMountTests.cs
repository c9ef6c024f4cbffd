using Hoist.Dockerfile.Instructions;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>RUN --mount: every type and key, BuildKit's defaults and its validation.</summary>
public sealed class RunMountTests
{
    private static RunMount Mount(string value) =>
        Assert.Single(Read<RunInstruction>("run", "make", "--mount=" + value).Mounts);

    private static string MountError(string value) => Error("run", "make", "--mount=" + value);

    [Fact]
    public void Bind_is_the_default_type_and_read_only()
    {
        var m = Mount("target=/src,source=app,from=build");
        Assert.Equal(MountType.Bind, m.Type);
        Assert.Equal("/src", m.Target);
        Assert.Equal("app", m.Source);
        Assert.Equal("build", m.From);
        Assert.False(m.ReadWrite);
        Assert.Equal("target=/src,source=app,from=build", m.Raw);
    }

    [Theory]
    [InlineData("type=bind,target=/a,rw", true)]
    [InlineData("type=bind,target=/a,readwrite", true)]
    [InlineData("type=bind,target=/a,rw=true", true)]
    [InlineData("type=bind,target=/a,readwrite=1", true)]
    [InlineData("type=bind,target=/a,rw=false", false)]
    [InlineData("type=bind,target=/a,ro", false)]
    [InlineData("type=cache,target=/a", true)]
    [InlineData("type=cache,target=/a,ro", false)]
    [InlineData("type=cache,target=/a,readonly=true", false)]
    [InlineData("type=cache,target=/a,ro=false", true)]
    [InlineData("type=tmpfs,target=/a", true)]
    [InlineData("type=secret,id=a", false)]
    [InlineData("type=ssh", false)]
    public void Read_write_defaults_and_overrides(string value, bool readWrite) =>
        Assert.Equal(readWrite, Mount(value).ReadWrite);

    [Theory]
    [InlineData("dst=/a")]
    [InlineData("destination=/a")]
    [InlineData("target=/a")]
    [InlineData("TARGET=/a")]
    public void Target_aliases(string field) => Assert.Equal("/a", Mount("type=bind," + field).Target);

    [Theory]
    [InlineData("src=x")]
    [InlineData("source=x")]
    public void Source_aliases(string field) => Assert.Equal("x", Mount("target=/t," + field).Source);

    [Fact]
    public void Cache_mount_keys_and_id_default()
    {
        var m = Mount("type=cache,target=/root/.cache/go-build/,sharing=locked,mode=0750,uid=1000,gid=100");
        Assert.Equal(MountType.Cache, m.Type);
        Assert.Equal(CacheSharing.Locked, m.Sharing);
        Assert.Equal("0750", m.Mode);
        Assert.Equal(1000, m.Uid);
        Assert.Equal(100, m.Gid);
        Assert.Equal("/root/.cache/go-build", m.Id); // the cleaned target
        Assert.Equal("npm", Mount("type=cache,target=/x,id=npm").Id);
        Assert.Equal(CacheSharing.Shared, Mount("type=cache,target=/x").Sharing);
        Assert.Equal(CacheSharing.Private, Mount("type=cache,target=/x,sharing=PRIVATE").Sharing);
        Assert.Equal("/a/c", Mount("type=cache,target=/a/./b/../c//").Id);
    }

    [Theory]
    [InlineData("64m", 64L << 20)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("64mb", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1.5k", 1536L)]
    [InlineData("100", 100L)]
    [InlineData("100b", 100L)]
    [InlineData("2 k", 2048L)]
    public void Tmpfs_size_with_units(string size, long bytes)
    {
        var m = Mount("type=tmpfs,target=/tmp,size=" + size);
        Assert.Equal(MountType.Tmpfs, m.Type);
        Assert.Equal(bytes, m.Size);
    }

    [Fact]
    public void Secret_mount_defaults()
    {
        var byId = Mount("type=secret,id=aws");
        Assert.Equal(MountType.Secret, byId.Type);
        Assert.Equal("aws", byId.Id);
        Assert.Equal("/run/secrets/aws", byId.Target);
        Assert.False(byId.Required);

        var bySource = Mount("type=secret,source=npmrc,target=/root/.npmrc,required=true,mode=0440,uid=1,gid=2");
        Assert.Equal("npmrc", bySource.Id);
        Assert.Equal("/root/.npmrc", bySource.Target);
        Assert.True(bySource.Required);
        Assert.Equal("0440", bySource.Mode);

        var byTarget = Mount("type=secret,target=/etc/token");
        Assert.Equal("token", byTarget.Id);

        var asEnv = Mount("type=secret,id=TOKEN,env=API_TOKEN,required");
        Assert.Equal("API_TOKEN", asEnv.Env);
        Assert.Null(asEnv.Target); // only the variable, no file
        Assert.True(asEnv.Required);
    }

    [Fact]
    public void Ssh_mount_defaults()
    {
        var m = Mount("type=ssh");
        Assert.Equal(MountType.Ssh, m.Type);
        Assert.Equal("default", m.Id);
        Assert.Null(m.Target);
        var custom = Mount("type=ssh,id=github,target=/run/ssh.sock,required,mode=0600,uid=1000");
        Assert.Equal("github", custom.Id);
        Assert.Equal("/run/ssh.sock", custom.Target);
        Assert.True(custom.Required);
        Assert.Equal(1000, custom.Uid);
    }

    [Fact]
    public void Several_mounts_keep_their_order()
    {
        var run = Read<RunInstruction>("run", "make",
            "--mount=type=cache,target=/c", "--mount=type=secret,id=s", "--mount=type=bind,target=/b,from=ctx");
        Assert.Equal([MountType.Cache, MountType.Secret, MountType.Bind], run.Mounts.Select(m => m.Type));
    }

    [Fact]
    public void Quoted_csv_field_may_contain_commas()
    {
        // Quotes in a flag word are shell-like and removed first, as BuildKit does; escaped ones reach the CSV reader.
        Assert.Equal("/a,b", Mount("type=bind,\\\"target=/a,b\\\"").Target);
        Assert.Equal("/a b", Mount("type=bind,target=\"/a b\"").Target);
    }

    [Theory]
    [InlineData("type=volume,target=/a", "unsupported mount type \"volume\"")]
    [InlineData("type=cach,target=/a", "unsupported mount type \"cach\" (did you mean cache?)")]
    [InlineData("type=cache,target=/a,sharing=exclusive", "unsupported sharing value \"exclusive\"")]
    [InlineData("target=/a,foo=bar", "unexpected key 'foo' in 'foo=bar' (did you mean from?)")]
    [InlineData("type=tmp,target=/a", "unsupported mount type \"tmp\" (did you mean tmpfs?)")] // BuildKit's testMountInvalid
    [InlineData("target=/a,taget=/b", "unexpected key 'taget' in 'taget=/b' (did you mean target?)")]
    [InlineData("target=/a,nocopy", "invalid field 'nocopy' must be a key=value pair")]
    [InlineData("target=/a,ro=maybe", "invalid value for ro: maybe")]
    [InlineData("target=/a,rw=2", "invalid value for rw: 2")]
    [InlineData("type=bind,target=/a,required", "unexpected key 'required' for mount type 'bind'")]
    [InlineData("type=cache,target=/a,required=true", "unexpected key 'required' for mount type 'cache'")]
    [InlineData("type=secret,id=a,required=sure", "invalid value for required: sure")]
    [InlineData("type=cache,target=/a,size=1m", "unexpected key 'size' for mount type 'cache'")]
    [InlineData("type=tmpfs,target=/a,size=big", "invalid value for size: big")]
    [InlineData("type=tmpfs,target=/a,size=1x", "invalid value for size: 1x")]
    [InlineData("type=tmpfs,target=/a,size=1kbb", "invalid value for size: 1kbb")]
    [InlineData("type=cache,target=/a,mode=0789", "invalid value 0789 for mode")]
    [InlineData("type=cache,target=/a,mode=rwx", "invalid value rwx for mode")]
    [InlineData("type=cache,target=/a,uid=-1", "invalid value -1 for uid")]
    [InlineData("type=cache,target=/a,gid=root", "invalid value root for gid")]
    [InlineData("type=cache,target=/a,uid=4294967296", "invalid value 4294967296 for uid")]
    [InlineData("type=bind,target=/a,mode=0755", "mode not allowed for \"bind\" type mounts")]
    [InlineData("type=tmpfs,target=/a,uid=0", "uid not allowed for \"tmpfs\" type mounts")]
    [InlineData("type=bind,target=/a,gid=0", "gid not allowed for \"bind\" type mounts")]
    [InlineData("type=secret,id=a,from=build", "secret mount should not have a from")]
    [InlineData("type=secret,id=a,sharing=shared", "secret mount should not define sharing")]
    [InlineData("type=secret", "invalid secret mount. one of source, target required")]
    [InlineData("type=secret,source=a,id=b", "both source and id can't be set")]
    [InlineData("type=bind,target=/a,sharing=locked", "invalid cache sharing set for bind mount")]
    [InlineData("type=tmpfs,target=/a,sharing=locked", "invalid cache sharing set for tmpfs mount")]
    [InlineData("type=ssh,source=/x", "ssh does not support source")]
    [InlineData("target=/a,from=$STAGE", "'from' doesn't support variable expansion, define alias stage instead")]
    [InlineData("type=bind,\\\"target=/a", "failed to parse csv mounts")]
    public void Invalid_mounts(string value, string cause) => Assert.StartsWith(cause, MountError(value));

    [Theory]
    [InlineData("type=bind,source=x")]
    [InlineData("type=cache")]
    [InlineData("type=tmpfs,size=1m")]
    public void A_mount_without_a_target_is_accepted_and_a_cache_gets_the_id_of_its_cleaned_empty_target(string value)
    {
        // BuildKit mounts it at the working directory (resolved at dispatch); the cache id is path.Clean("") = ".".
        var m = Mount(value);
        Assert.Null(m.Target);
        Assert.Equal(m.Type == MountType.Cache ? "." : null, m.Id);
    }

    [Fact]
    public void Values_with_variables_wait_for_expansion()
    {
        // Typed values holding a variable cannot be judged yet; they are checked when the RUN is expanded.
        var m = Mount("type=$KIND,target=$DIR,uid=$UID,mode=$MODE,size=$SIZE");
        Assert.Equal("$DIR", m.Target);
        Assert.Equal("$MODE", m.Mode);
        Assert.Null(m.Uid);
        Assert.Equal("type=$KIND,target=$DIR,uid=$UID,mode=$MODE,size=$SIZE", m.Raw);
    }
}
