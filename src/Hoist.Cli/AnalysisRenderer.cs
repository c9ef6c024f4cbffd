using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hoist.Analysis;

namespace Hoist.Cli;

/// <summary>Renders an <see cref="ImageAnalysis"/> as text for people or JSON for tools.</summary>
public static class AnalysisRenderer
{
    private const int CreatedByWidth = 60;

    public static void WriteText(ImageAnalysis analysis, TextWriter output)
    {
        output.WriteLine($"image      {analysis.Name} ({analysis.Id})");
        output.WriteLine($"size       {HumanUnits.Size(analysis.ContentSize)} ({HumanUnits.Size(analysis.CompressedSize)} compressed), "
            + $"{analysis.Layers.Count} layers, {analysis.Files.ToString("N0", CultureInfo.InvariantCulture)} paths");
        if (analysis.Base is { } baseLayers)
        {
            output.WriteLine($"base       {HumanUnits.Size(analysis.BaseContentSize)} in {baseLayers.Count} layers ({baseLayers.Source})");
            output.WriteLine($"own        {HumanUnits.Size(analysis.OwnContentSize)} in {analysis.Layers.Count - baseLayers.Count} layers");
        }
        else
        {
            output.WriteLine("base       unknown (no base image found in the store; use --base IMAGE)");
        }
        output.WriteLine($"wasted     {HumanUnits.Size(analysis.WastedBytes)} (files a later layer replaced or deleted)");
        foreach (var file in analysis.LargestWasted.Take(5))
            output.WriteLine($"             {HumanUnits.Size(file.Size),-8} {file.Path} (layer {file.AddedBy + 1}, removed by layer {file.RemovedBy + 1})");
        output.WriteLine($"user       {(AttackSurface.RunsAsRoot(analysis.User) ? $"root{(analysis.User.Length == 0 ? " (no USER)" : $" (USER {analysis.User})")}" : analysis.User)}");
        if (analysis.Packages.Count > 0)
        {
            var counts = analysis.Packages.GroupBy(p => p.Ecosystem).Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine($"packages   {analysis.Packages.Count} ({string.Join(", ", counts)})");
        }
        output.WriteLine();
        WriteInstructions(analysis, output);
        output.WriteLine();
        WriteFindings(analysis, output);
    }

    private static void WriteInstructions(ImageAnalysis analysis, TextWriter output)
    {
        var table = new TextTable("LAYER", "SIZE", "COMPRESSED", "WASTED", "FROM", "CREATED BY");
        foreach (var step in analysis.Instructions)
        {
            var layer = step.Layer is { } i ? analysis.Layers[i] : null;
            table.Add(layer is null ? "-" : (layer.Index + 1).ToString(CultureInfo.InvariantCulture), HumanUnits.Size(step.ContentSize),
                layer is null ? "-" : HumanUnits.Size(layer.CompressedSize), layer is null ? "-" : HumanUnits.Size(layer.WastedBytes),
                analysis.Base is null ? "?" : step.FromBase ? "base" : "own", Ellipsis(step.CreatedBy.Replace('\t', ' ')));
        }
        table.WriteTo(output, minimumWidth: 6);
    }

    private static void WriteFindings(ImageAnalysis analysis, TextWriter output)
    {
        output.WriteLine($"attack surface: {analysis.Findings.Count} finding{(analysis.Findings.Count == 1 ? "" : "s")}");
        foreach (var finding in analysis.Findings)
        {
            var where = finding.Path.Length == 0 ? "" : finding.Path + "  ";
            output.WriteLine($"  {FindingKinds.NameOf(finding.Kind),-16} {where}{finding.Detail}");
        }
    }

    private static string Ellipsis(string text) => text.Length <= CreatedByWidth ? text : text[..(CreatedByWidth - 1)] + "…";

    public static void WriteJson(ImageAnalysis analysis, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("image", analysis.Name);
            json.WriteString("id", analysis.Id.ToString());
            json.WriteString("user", analysis.User);
            json.WriteBoolean("runsAsRoot", AttackSurface.RunsAsRoot(analysis.User));
            json.WriteNumber("size", analysis.ContentSize);
            json.WriteNumber("compressedSize", analysis.CompressedSize);
            json.WriteNumber("wastedBytes", analysis.WastedBytes);
            json.WriteNumber("paths", analysis.Files);
            WriteBase(json, analysis);
            WriteLayers(json, analysis);
            WriteInstructions(json, analysis);
            WriteWasted(json, analysis);
            WriteFindings(json, analysis);
            if (analysis.Packages.Count > 0) json.WriteNumber("packages", analysis.Packages.Count);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteBase(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        if (analysis.Base is not { } baseLayers)
        {
            json.WriteNull("base");
            return;
        }
        json.WriteStartObject("base");
        json.WriteNumber("layers", baseLayers.Count);
        json.WriteString("source", baseLayers.Source);
        json.WriteNumber("size", analysis.BaseContentSize);
        json.WriteNumber("ownSize", analysis.OwnContentSize);
        json.WriteEndObject();
    }

    private static void WriteLayers(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        json.WriteStartArray("layers");
        foreach (var layer in analysis.Layers)
        {
            json.WriteStartObject();
            json.WriteString("digest", layer.Digest.ToString());
            json.WriteNumber("size", layer.ContentSize);
            json.WriteNumber("compressedSize", layer.CompressedSize);
            json.WriteNumber("tarSize", layer.TarSize);
            json.WriteNumber("entries", layer.Entries);
            json.WriteNumber("wastedBytes", layer.WastedBytes);
            json.WriteBoolean("fromBase", analysis.Base is { } b && layer.Index < b.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteInstructions(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        json.WriteStartArray("instructions");
        foreach (var step in analysis.Instructions)
        {
            json.WriteStartObject();
            json.WriteString("createdBy", step.CreatedBy);
            if (step.Layer is { } layer) json.WriteNumber("layer", layer);
            else json.WriteNull("layer");
            json.WriteNumber("size", step.ContentSize);
            json.WriteNumber("compressedSize", step.CompressedSize);
            json.WriteBoolean("fromBase", step.FromBase);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteWasted(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        json.WriteStartArray("largestWasted");
        foreach (var file in analysis.LargestWasted)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteNumber("size", file.Size);
            json.WriteNumber("addedBy", file.AddedBy);
            json.WriteNumber("removedBy", file.RemovedBy);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteFindings(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        json.WriteStartArray("findings");
        foreach (var finding in analysis.Findings)
        {
            json.WriteStartObject();
            json.WriteString("kind", FindingKinds.NameOf(finding.Kind));
            json.WriteString("path", finding.Path);
            json.WriteString("detail", finding.Detail);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
