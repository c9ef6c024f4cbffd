using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>The sink a file-based <see cref="BuildOutput"/> (local, tar, oci, docker) writes a built image to.
/// <see cref="BuildOutputType.Image"/> outputs are the store itself and have none.</summary>
public static class BuildOutputSinks
{
    /// <param name="names">what oci and docker archives record.</param>
    /// <param name="openStandardOutput">used for <c>dest=-</c>.</param>
    /// <param name="described">the image's descriptor as the build gives it, which oci and docker archives' <c>index.json</c> entries start from.</param>
    public static IImageSink For(ContentStore store, BuildOutput output, IReadOnlyList<ImageReference> names, Func<Stream> openStandardOutput,
        Descriptor? described = null) =>
        output.Type switch
        {
            BuildOutputType.Local or BuildOutputType.Tar => new RootfsSink(store, output, openStandardOutput),
            BuildOutputType.Oci or BuildOutputType.Docker => new ImageLayoutSink(store, output, names, openStandardOutput, described),
            _ => throw new ArgumentException($"a {output.Type} output is the store itself, not a file", nameof(output)),
        };
}
