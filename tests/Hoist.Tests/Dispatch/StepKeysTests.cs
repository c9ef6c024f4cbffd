using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Tests.Dispatch;

/// <summary>Cache keys: every input that changes a step's result changes its key; nothing else does.</summary>
public sealed class StepKeysTests
{
    private static readonly Digest Parent = Digest.Sha256("parent"u8);
    private static readonly Digest OtherParent = Digest.Sha256("other"u8);

    private static RunKeyInputs Run() => new()
    {
        Args = ["/bin/sh", "-c", "make"],
        Environment = ["PATH=/bin", "V=1"],
        WorkingDirectory = "/src",
        Network = "Host",
    };

    [Fact]
    public void A_run_key_is_stable()
    {
        Assert.Equal(StepKeys.Run(Parent, Run()), StepKeys.Run(Parent, Run()));
    }

    [Fact]
    public void A_run_key_changes_with_every_input()
    {
        var key = StepKeys.Run(Parent, Run());
        Assert.NotEqual(key, StepKeys.Run(OtherParent, Run()));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { Args = ["/bin/sh", "-c", "make all"] }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { Environment = ["PATH=/bin", "V=2"] }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { WorkingDirectory = "/" }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { User = "nobody" }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { Network = "None" }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { Security = "insecure" }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { Files = ["/dev/pipes/EOF 420 echo hi"] }));
        Assert.NotEqual(key, StepKeys.Run(Parent, Run() with { Mounts = ["type=cache,target=/root/.cache"] }));
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted()
    {
        Assert.NotEqual(StepKeys.Run(Parent, Run() with { Args = ["ab", "c"] }), StepKeys.Run(Parent, Run() with { Args = ["a", "bc"] }));
        Assert.NotEqual(StepKeys.Run(Parent, Run() with { Args = ["a", "b"], Environment = [] }),
            StepKeys.Run(Parent, Run() with { Args = ["a"], Environment = ["b"] }));
    }

    [Fact]
    public void A_copy_key_changes_with_request_source_and_content()
    {
        var request = new CopyRequest { Sources = ["src"], Destination = "/app/" };
        var content = Digest.Sha256("content"u8);
        var key = StepKeys.Copy(Parent, request, "context", content);
        Assert.Equal(key, StepKeys.Copy(Parent, request with { }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(OtherParent, request, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request with { Destination = "/app2/" }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request with { WorkingDirectory = "/w" }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request with { Chown = "1:1" }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request with { Chmod = "755" }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request with { Excludes = ["*.o"] }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request with { IsAdd = true }, "context", content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request, "stage " + Parent, content));
        Assert.NotEqual(key, StepKeys.Copy(Parent, request, "context", Digest.Sha256("changed"u8)));
    }

    [Fact]
    public void The_base_image_key_changes_with_layers_and_config()
    {
        var layer = new ImageLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256("l"u8), Size = 1 }, Digest.Sha256("d"u8));
        var config = Digest.Sha256("config"u8);
        var key = StepKeys.BaseImage(Platform.Host, [layer], config);
        Assert.Equal(key, StepKeys.BaseImage(Platform.Host, [layer with { }], config));
        Assert.NotEqual(key, StepKeys.BaseImage(Platform.Host, [layer], Digest.Sha256("config2"u8)));
        Assert.NotEqual(key, StepKeys.BaseImage(Platform.Host, [layer, layer], config));
        Assert.NotEqual(key, StepKeys.BaseImage(Platform.Host, [layer with { DiffId = Digest.Sha256("x"u8) }], config));
        Assert.NotEqual(key, StepKeys.BaseImage(Platform.Parse("linux/s390x"), [layer], config));
    }

    [Fact]
    public void Config_and_layer_keys_are_distinct_kinds()
    {
        Assert.NotEqual(StepKeys.Workdir(Parent, "/w", null), StepKeys.Workdir(Parent, "/w", "nobody"));
        Assert.NotEqual(StepKeys.Config(Parent, "ENV A=1", "ENV A=1"), StepKeys.Config(Parent, "ENV A=$X", "ENV A=1"));
        Assert.NotEqual(StepKeys.Config(Parent, "ENV A=1", "ENV A=1"), StepKeys.Chain(Parent, Parent));
        Assert.NotEqual(StepKeys.Produced(Parent, Parent), StepKeys.Chain(Parent, Parent));
    }
}
