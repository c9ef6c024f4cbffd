using System.CommandLine;
using Hoist.Analysis.Diff;
using Hoist.Content;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary>
/// Finds what a <c>hoist diff</c> operand names, in this order: a docker archive or OCI layout (tar or directory) at
/// that path, an image in the store (name or ID), or an image in a registry. Archives and registry images are loaded
/// into a scratch store that lives as long as this object, so the user's store is never changed by a diff.
/// </summary>
public sealed class DiffOperands(ContentStore store, ParseResult parse) : IDisposable
{
    private string? _scratchRoot;
    private RegistryClient? _client;

    public async Task<DiffedImage> ResolveAsync(string operand, Platform? platform, CancellationToken cancellationToken)
    {
        if (File.Exists(operand) || Directory.Exists(operand)) return await LoadAsync(operand, platform, cancellationToken).ConfigureAwait(false);
        if (await store.FindImageAsync(operand, platform, cancellationToken).ConfigureAwait(false) is { } local) return new(operand, store, local);
        return await PullAsync(operand, platform, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DiffedImage> LoadAsync(string path, Platform? platform, CancellationToken cancellationToken)
    {
        var scratch = Scratch();
        var loaded = await ImageLoader.LoadAsync(scratch, path, cancellationToken).ConfigureAwait(false);
        if (loaded.Count != 1) throw new HoistException($"{path} holds {loaded.Count} images; diff compares one from each side");
        return new(path, scratch, await scratch.LoadImageAsync(loaded[0].Image.Target.Digest, platform, cancellationToken).ConfigureAwait(false));
    }

    private async Task<DiffedImage> PullAsync(string operand, Platform? platform, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(operand);
        var scratch = Scratch();
        _client ??= RegistryOptions.CreateClient(parse);
        try
        {
            var pulled = await new ImagePuller(scratch, _client).PullAsync(reference, platform, null, cancellationToken).ConfigureAwait(false);
            return new(operand, scratch, await scratch.LoadImageAsync(pulled.Image.Target.Digest, platform, cancellationToken).ConfigureAwait(false));
        }
        catch (HoistException e)
        {
            throw new HoistException($"{operand}: not a file, not in the store, and not pulled: {e.Message}", e);
        }
    }

    private ContentStore Scratch()
    {
        _scratchRoot ??= Directory.CreateTempSubdirectory("hoist-diff-").FullName;
        return ContentStore.Open(_scratchRoot);
    }

    public void Dispose()
    {
        _client?.Dispose();
        if (_scratchRoot is not null) Directory.Delete(_scratchRoot, recursive: true);
    }
}
