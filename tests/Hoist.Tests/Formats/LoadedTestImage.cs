using Hoist.Cli;
using Hoist.Oci;

namespace Hoist.Tests.Formats;

/// <summary>An image an import or load gave, in the terms the format tests assert on: its name, what the name points at,
/// its image ID, and the line <c>hoist load</c> prints for it.</summary>
public sealed record LoadedTestImage(ImageReference? Reference, Digest Target, Digest Id, string Line)
{
    public static LoadedTestImage Of(NamedImage image) => new(image.Reference, image.Image.Target.Digest, image.Image.Id, LoadCommand.Describe(image));

    public string Describe() => Line;
}
