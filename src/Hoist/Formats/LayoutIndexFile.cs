using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// The <c>index.json</c> an <see cref="ArchiveSink"/> writes: one entry per image and name, carrying
/// <c>io.containerd.image.name</c> (the full name) and <c>org.opencontainers.image.ref.name</c> (the tag), added to the
/// entries of a layout already there.
/// </summary>
internal static class LayoutIndexFile
{
    public static StoredIndex Merge(byte[]? existing, IReadOnlyList<NamedImage> images)
    {
        var ours = new List<Descriptor>();
        foreach (var (reference, image) in images)
        {
            var descriptor = image.Target.ToDescriptor();
            if (reference is not null)
            {
                descriptor = descriptor with
                {
                    Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        [OciLayout.ContainerdImageNameAnnotation] = reference.ToString(),
                        [OciLayout.RefNameAnnotation] = reference.Tag!,
                    },
                };
            }
            if (!ours.Any(d => Same(d, descriptor))) ours.Add(descriptor);
        }
        // An entry with a name we write again is replaced; everything else in the layout stays listed.
        IEnumerable<Descriptor> kept = existing is null ? [] : Parse(existing).Index.Manifests.Where(d => !ours.Any(o => Same(o, d) || (Name(o) is { } n && n == Name(d))));
        return StoredIndex.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [.. kept, .. ours] });
    }

    private static StoredIndex Parse(byte[] existing)
    {
        try
        {
            return StoredIndex.FromBytes(existing);
        }
        catch (HoistException e)
        {
            throw new HoistException($"the existing index.json cannot be added to: {e.Message}", e);
        }
    }

    private static string? Name(Descriptor descriptor) =>
        descriptor.Annotations is { } a && (a.TryGetValue(OciLayout.ContainerdImageNameAnnotation, out var n) || a.TryGetValue(OciLayout.RefNameAnnotation, out n)) ? n : null;

    private static bool Same(Descriptor a, Descriptor b) => a.Digest == b.Digest && Name(a) == Name(b);
}
