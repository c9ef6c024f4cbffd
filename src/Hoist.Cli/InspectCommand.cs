using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hoist.Analysis;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary><c>hoist inspect IMAGE…</c>: a JSON array shaped like <c>docker image inspect</c>.</summary>
public static class InspectCommand
{
    // Go's encoder leaves '+' and non-ASCII text as they are; match it rather than print \u002B in media types.
    private static readonly InspectJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static Command Create()
    {
        var images = new Argument<string[]>("IMAGE") { Description = "Image names or IDs", Arity = ArgumentArity.OneOrMore };
        var platform = new Option<string?>("--platform")
        {
            Description = "Inspect this platform's image of a multi-platform image, os/arch[/variant] (default: this machine's)",
        };
        var command = new Command("inspect", "Display detailed information on one or more images") { images, platform };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var views = new List<ImageInspectView>();
            foreach (var name in parseResult.GetValue(images)!)
            {
                var wanted = parseResult.GetValue(platform) is { } p ? Platform.Parse(p) : null;
                var image = await store.ResolveImageAsync(name, wanted, cancellationToken);
                PlatformMatcher.Require(name, image.Config.Config.Platform, wanted);
                var sizes = new List<LayerSize>();
                foreach (var layer in image.Manifest.Manifest.Layers) sizes.Add(await LayerSizeIndex.GetAsync(store, layer.Digest, cancellationToken));
                views.Add(ToView(image, sizes));
            }
            parseResult.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(views, Json.ListImageInspectView));
            return 0;
        });
        return command;
    }

    /// <param name="sizes">Each layer's uncompressed sizes, in manifest order.</param>
    public static ImageInspectView ToView(ResolvedImage image, IReadOnlyList<LayerSize> sizes)
    {
        var config = image.Config.Config;
        var diffIds = config.RootFs.DiffIds;
        var layers = image.Manifest.Manifest.Layers;
        return new ImageInspectView
        {
            Id = image.Id.ToString(),
            RepoTags = image.References.Select(r => r.Familiar).ToList(),
            RepoDigests = image.References.Select(r => $"{r.FamiliarRepository}@{image.Target.Digest}").Distinct().ToList(),
            Comment = config.History is [.., var last] ? last.Comment ?? "" : "",
            Created = config.Created is { } created ? TimestampJsonConverter.Format(created) : "",
            Author = config.Author ?? "",
            Config = config.Config,
            Architecture = config.Architecture,
            Variant = config.Variant,
            Os = config.Os,
            Descriptor = image.Target is StoredIndex index ? index.ToDescriptor() : null,
            Platforms = image.Target is StoredIndex multi
                ? [.. multi.Index.Manifests.Where(d => d.Platform is { Os: not "unknown" }).Select(d => d.Platform!.ToString())]
                : null,
            Size = sizes.Sum(s => s.Content),
            CompressedSize = image.Size,
            RootFS = new RootFsView(config.RootFs.Type, diffIds.Select(d => d.ToString()).ToList()),
            Manifest = image.Manifest.ToDescriptor(),
            Layers = layers.Select((l, i) => new LayerView(l.Digest.ToString(), l.MediaType, l.Size,
                i < diffIds.Count ? diffIds[i].ToString() : null, sizes[i].Content)).ToList(),
        };
    }
}
