using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// What <c>hoist build</c> does with its image besides storing it, from <c>-t</c>, <c>-o</c> and <c>--push</c>: the names
/// to give it in the store, the file outputs to write (with the names oci and docker archives record), the names to
/// push. As buildx: <c>-t</c> names the image for every output that takes names and gives none of its own.
/// </summary>
public sealed record BuildOutputPlan
{
    /// <summary>Names set in the store: the <c>-t</c> names and those of <c>type=image,name=…</c>.</summary>
    public required IReadOnlyList<string> StoreNames { get; init; }

    /// <summary>Outputs written after the build (local, tar, oci, docker), each with the names it records.</summary>
    public required IReadOnlyList<(BuildOutput Output, IReadOnlyList<ImageReference> Names)> Files { get; init; }

    /// <summary>Names pushed after the build (<c>--push</c>, <c>type=registry</c>, <c>type=image,push=true</c>).</summary>
    public required IReadOnlyList<ImageReference> Pushes { get; init; }

    /// <summary>
    /// Whether the build clamps its layers to SOURCE_DATE_EPOCH: on unless an output says <c>rewrite-timestamp=false</c>.
    /// Every output shares the build's layers, so outputs that disagree are an error rather than a silent pick.
    /// </summary>
    public bool RewriteTimestamps { get; init; } = true;

    /// <summary>Every <c>-o</c> as parsed, image outputs included (their format options: <see cref="ImageExportFlags"/>).</summary>
    public IReadOnlyList<BuildOutput> Outputs { get; init; } = [];

    /// <summary>True when an output writes to standard output (then nothing else may).</summary>
    public bool WritesStandardOutput => Files.Any(f => f.Output.IsStandardOutput);

    public static BuildOutputPlan Create(IReadOnlyList<string> outputs, bool push, IReadOnlyList<string> tags, bool standardOutputIsTerminal)
    {
        var parsed = outputs.Where(o => o.Length > 0).Select(o => BuildOutputParser.Parse(o, standardOutputIsTerminal)).ToList();
        if (parsed.Count(o => o.IsStandardOutput) > 1) throw new HoistException("only one --output can write to standard output");
        var tagReferences = tags.Select(Reference).ToList();
        var storeNames = new List<string>(tags);
        var pushes = new List<ImageReference>();
        var files = new List<(BuildOutput, IReadOnlyList<ImageReference>)>();
        if (push) pushes.AddRange(tagReferences);
        foreach (var output in parsed)
        {
            var names = output.Names.Count > 0 ? output.Names.Select(Reference).ToList() : tagReferences;
            if (output.Type == BuildOutputType.Image)
            {
                storeNames.AddRange(output.Names);
                if (output.Push) pushes.AddRange(names);
                if (output.Push && names.Count == 0) throw new HoistException("push=true needs an image name: give -t NAME or name=NAME");
            }
            else
            {
                files.Add((output, names));
            }
        }
        if (push && pushes.Count == 0) throw new HoistException("--push needs an image name: give -t NAME");
        var rewrite = parsed.Select(o => o.RewriteTimestamp).OfType<bool>().Distinct().ToList();
        if (rewrite.Count > 1) throw new HoistException("--output: rewrite-timestamp=true and rewrite-timestamp=false cannot both be given: the outputs share the build's layers");
        return new BuildOutputPlan
        {
            RewriteTimestamps = rewrite.SingleOrDefault(true),
            Outputs = parsed,
            StoreNames = [.. storeNames.Distinct(StringComparer.Ordinal)],
            Files = files,
            Pushes = [.. pushes.DistinctBy(p => p.ToString())],
        };
    }

    /// <summary>A name as <c>-t</c> takes it: a repository with an optional tag, never a digest.</summary>
    private static ImageReference Reference(string text)
    {
        if (!ImageReference.TryParse(text, out var reference, out var error)) throw new HoistException($"invalid tag \"{text}\": {error}");
        if (reference.Digest is not null || reference.Tag is null) throw new HoistException($"invalid tag \"{text}\": a name to give an image cannot hold a digest");
        return reference;
    }
}
