using System.CommandLine;
using Hoist.Analysis;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist images</c>: one row per name, plus a <c>&lt;none&gt; &lt;none&gt;</c> row per image kept without a name,
/// newest image first, in <c>docker images</c> columns.
/// </summary>
public static class ImagesCommand
{
    private sealed record Row(string Repository, string Tag, ResolvedImage? Image);

    public static Command Create()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var format = new Option<string?>("--format") { Description = "docker's template fields: {{.Repository}} {{.Tag}} {{.ID}} {{.CreatedSince}} {{.CreatedAt}} {{.Size}} {{.Digest}}; \"table …\" adds a header" };
        var command = new Command("images", "List images in the store") { quiet, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var rows = new List<Row>();
            foreach (var name in store.Names.List())
            {
                var image = await TryResolveAsync(store, name.Reference.ToString(), cancellationToken);
                rows.Add(new Row(name.Reference.FamiliarRepository, name.Reference.Tag ?? "<none>", image));
            }
            foreach (var target in store.Names.ListUntagged())
            {
                rows.Add(new Row("<none>", "<none>", await TryResolveAsync(store, target.ToString(), cancellationToken)));
            }
            rows = rows
                .OrderByDescending(r => r.Image?.Config.Config.Created ?? DateTimeOffset.MinValue)
                .ThenBy(r => r.Repository, StringComparer.Ordinal)
                .ThenBy(r => r.Tag, StringComparer.Ordinal)
                .ToList();
            if (parseResult.GetValue(quiet))
            {
                foreach (var id in rows.Where(r => r.Image is not null).Select(r => HumanUnits.ShortId(r.Image!.Id)).Distinct())
                {
                    output.WriteLine(id);
                }
                return 0;
            }
            if (parseResult.GetValue(format) is { } template)
            {
                await WriteFormattedAsync(store, rows, ImageListFormat.Parse(template), output, cancellationToken);
                return 0;
            }
            // SIZE is docker's: the layers' uncompressed file bytes; COMPRESSED is what the store and a push hold. A
            // multi-platform image is one row (its host platform's ID and sizes); PLATFORMS lists what its index holds,
            // shown only when the store has such an image, so single-platform listings keep docker's columns.
            var platforms = rows.Any(r => r.Image?.Target is StoredIndex);
            string[] columns = ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "COMPRESSED"];
            var table = new TextTable(platforms ? [.. columns, "PLATFORMS"] : columns);
            foreach (var (repository, tag, image) in rows)
            {
                string[] cells =
                [
                    repository,
                    tag,
                    image is null ? "<missing>" : HumanUnits.ShortId(image.Id),
                    image is null ? "N/A" : HumanUnits.Ago(image.Config.Config.Created),
                    image is null ? "N/A" : await ContentSizeAsync(store, image, cancellationToken),
                    image is null ? "N/A" : HumanUnits.Size(image.Size),
                ];
                table.Add(platforms ? [.. cells, image is null ? "N/A" : PlatformsOf(store, image)] : cells);
            }
            table.WriteTo(output, minimumWidth: 10);
            return 0;
        });
        return command;
    }

    /// <summary>The platforms an index holds in the store (attestation entries have none), else the image's own.</summary>
    private static string PlatformsOf(ContentStore store, ResolvedImage image) => image.Target is StoredIndex index
        ? string.Join(",", index.Index.Manifests
            .Where(d => d.Platform is { Os: not "unknown" } && store.Contains(d.Digest))
            .Select(d => d.Platform!.ToString()))
        : image.Config.Config.Platform.ToString();

    private static async Task WriteFormattedAsync(ContentStore store, List<Row> rows, ImageListFormat format, TextWriter output,
        CancellationToken cancellationToken)
    {
        if (format.IsTable) output.WriteLine(format.Header());
        foreach (var (repository, tag, image) in rows)
        {
            output.WriteLine(format.Row(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Repository"] = repository,
                ["Tag"] = tag,
                ["ID"] = image is null ? "<missing>" : HumanUnits.ShortId(image.Id),
                ["CreatedSince"] = image is null ? "N/A" : HumanUnits.Ago(image.Config.Config.Created),
                ["CreatedAt"] = image?.Config.Config.Created?.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture) ?? "N/A",
                ["Size"] = image is null ? "N/A" : await ContentSizeAsync(store, image, cancellationToken),
                ["Digest"] = "<none>",
            }));
        }
    }

    /// <summary>A name or untagged entry whose content is missing is still listed, so that it can be seen and removed.</summary>
    private static async Task<ResolvedImage?> TryResolveAsync(ContentStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ResolveImageAsync(name, cancellationToken: cancellationToken);
        }
        catch (HoistException)
        {
            return null;
        }
    }

    /// <summary>docker's size, or N/A for an image whose layers cannot be read (listed all the same, to be removed).</summary>
    private static async Task<string> ContentSizeAsync(ContentStore store, ResolvedImage image, CancellationToken cancellationToken)
    {
        try
        {
            return HumanUnits.Size(await LayerSizeIndex.ContentSizeAsync(store, image.Manifest.Manifest.Layers, cancellationToken));
        }
        catch (HoistException)
        {
            return "N/A";
        }
    }
}
