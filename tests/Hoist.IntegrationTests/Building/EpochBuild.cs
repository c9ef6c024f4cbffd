using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Building;

/// <summary>The build the SOURCE_DATE_EPOCH tests share: a COPY, a RUN and a WORKDIR over busybox, in plain progress.</summary>
public static class EpochBuild
{
    public const string Dockerfile = """
        FROM hoist-fixtures/busybox:latest
        COPY message.txt /app/
        RUN echo built > /app/out.txt
        WORKDIR /srv
        """;

    /// <summary>Builds <paramref name="context"/> as <paramref name="tag"/>: the image ID, its manifest and the progress output.</summary>
    public static async Task<(Digest Id, Digest Manifest, string Log)> RunAsync(BuildStore store, string context, string tag, params string[] extra)
    {
        var result = store.Hoist(["build", "--progress", "plain", "-t", tag, .. extra, context]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var content = ContentStore.Open(store.Root);
        var manifest = content.Names.Lookup(ImageReference.Parse(tag))!.Value;
        return ((await content.LoadImageAsync(manifest)).Id, manifest, result.Stderr);
    }
}
