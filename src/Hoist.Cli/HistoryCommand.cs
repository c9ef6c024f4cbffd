using System.CommandLine;
using Hoist.Analysis;

namespace Hoist.Cli;

/// <summary><c>hoist history IMAGE</c>: the config's history, newest first, in <c>docker history</c> columns.</summary>
public static class HistoryCommand
{
    private const int CreatedByWidth = 45;

    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image name or ID" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var command = new Command("history", "Show the history of an image") { image, noTrunc };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var found = await store.ResolveImageAsync(parseResult.GetValue(image)!, cancellationToken: cancellationToken);
            var full = parseResult.GetValue(noTrunc);
            var layers = found.Manifest.Manifest.Layers;
            var rows = new List<string[]>();
            var layer = 0;
            foreach (var entry in found.Config.Config.History ?? [])
            {
                // Non-empty history entries map, in order, onto the manifest's layers. SIZE is docker's (the layer's
                // file bytes), COMPRESSED the blob's.
                var blob = entry.EmptyLayer || layer >= layers.Count ? null : layers[layer++];
                var size = blob is null ? 0 : (await LayerSizeIndex.GetAsync(store, blob.Digest, cancellationToken)).Content;
                var createdBy = (entry.CreatedBy ?? "").Replace('\t', ' ');
                rows.Add(["<missing>", HumanUnits.Ago(entry.Created), full ? createdBy : Ellipsis(createdBy, CreatedByWidth),
                    HumanUnits.Size(size), HumanUnits.Size(blob?.Size ?? 0), entry.Comment ?? ""]);
            }
            rows.Reverse();
            if (rows.Count > 0) rows[0][0] = full ? found.Id.ToString() : HumanUnits.ShortId(found.Id);
            var table = new TextTable("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMPRESSED", "COMMENT");
            foreach (var row in rows) table.Add(row);
            table.WriteTo(parseResult.InvocationConfiguration.Output, minimumWidth: 10);
            return 0;
        });
        return command;
    }

    private static string Ellipsis(string text, int width)
    {
        var runes = text.EnumerateRunes().ToArray();
        return runes.Length <= width ? text : string.Concat(runes[..(width - 1)].Select(r => r.ToString())) + "…";
    }
}
