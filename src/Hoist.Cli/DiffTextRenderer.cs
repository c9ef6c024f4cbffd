using Hoist.Analysis.Diff;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary><c>hoist diff</c>'s text: the two images, then manifest and config fields, then layer by layer the files that
/// differ (<c>+</c> only in B, <c>-</c> only in A, <c>~</c> changed, with each attribute as <c>A → B</c>).</summary>
public static class DiffTextRenderer
{
    public static void Write(TextWriter writer, ImageDifference difference)
    {
        writer.WriteLine($"A  {difference.A.Name}  image {difference.A.Id}  manifest {difference.A.Manifest}");
        writer.WriteLine($"B  {difference.B.Name}  image {difference.B.Id}  manifest {difference.B.Manifest}");
        if (difference.Identical)
        {
            writer.WriteLine("identical");
            return;
        }
        WriteFields(writer, "manifest", difference.Manifest);
        WriteFields(writer, "config", difference.Config);
        writer.WriteLine("layers:");
        foreach (var layer in difference.Layers) WriteLayer(writer, layer);
    }

    private static void WriteFields(TextWriter writer, string title, IReadOnlyList<FieldDifference> fields)
    {
        if (fields.Count == 0) return;
        writer.WriteLine($"{title}:");
        foreach (var field in fields) writer.WriteLine($"  {field.Path}: {Value(field.A)} → {Value(field.B)}");
    }

    private static void WriteLayer(TextWriter writer, LayerDifference layer)
    {
        var line = layer.Status switch
        {
            LayerStatus.Same => $"same {Short(layer.A!.Blob.Digest)}",
            LayerStatus.Recompressed => $"same files, compressed differently: {Short(layer.A!.Blob.Digest)} → {Short(layer.B!.Blob.Digest)}",
            LayerStatus.OnlyInA => $"only in A: {Short(layer.A!.Blob.Digest)}",
            LayerStatus.OnlyInB => $"only in B: {Short(layer.B!.Blob.Digest)}",
            _ => $"differs: {Short(layer.A!.Blob.Digest)} → {Short(layer.B!.Blob.Digest)}, {layer.Files.Count} path{(layer.Files.Count == 1 ? "" : "s")}",
        };
        var step = layer.CreatedBy is { Length: > 0 } createdBy ? $"  ({Shortened(createdBy)})" : "";
        writer.WriteLine($"  #{layer.Index} {line}{step}");
        foreach (var file in layer.Files)
        {
            var mark = file.Change switch { FileChange.Added => "+", FileChange.Removed => "-", _ => "~" };
            var fields = string.Join("; ", file.Fields.Select(f => $"{f.Path} {Value(f.A)} → {Value(f.B)}"));
            writer.WriteLine(fields.Length == 0 ? $"     {mark} {file.Path}" : $"     {mark} {file.Path}  {fields}");
        }
    }

    private static string Shortened(string text) => text.Length <= 60 ? text : text[..59] + "…";

    private static string Value(string? value) => value ?? "(none)";

    private static string Short(Digest digest) => digest.ToString()[..19];
}
