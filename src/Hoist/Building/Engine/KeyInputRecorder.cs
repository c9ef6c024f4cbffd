using Hoist.Building.Cache.Misses;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// The key inputs of one step, read through <see cref="StepSources"/> as always, and remembered on the way for its
/// <see cref="StepRecord"/>: the fingerprint of every context entry the key hashed (from the same pass, nothing read
/// twice) and of every <c>--from</c> stage or image it named. A step's key is computed on one logical thread.
/// </summary>
internal sealed class KeyInputRecorder(StepSources sources) : IStepKeyInputs
{
    private readonly List<CopyEntryFingerprint> _files = [];
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    public IReadOnlyCollection<CopyEntryFingerprint> Files => _files;

    public void AddFile(CopyEntryFingerprint file) => _files.Add(file);

    /// <summary>Label (<c>stage build</c>, <c>image alpine:3</c>) → fingerprint of its identity.</summary>
    public IReadOnlyDictionary<string, string> Sources => _sources;

    public Task<Digest?> ContextContentAsync(ContextRef context, CopyRequest request, CancellationToken cancellationToken) =>
        sources.ContextContentAsync(context, request, _files.Add, cancellationToken);

    public async Task<string> IdentityAsync(SourceRef source, CancellationToken cancellationToken)
    {
        var identity = await sources.IdentityAsync(source, cancellationToken).ConfigureAwait(false);
        var kind = source switch { StageRef => "stage ", GitContextRef => "git context ", _ => "image " };
        _sources[kind + source.Text] = ValueFingerprint.Of(identity);
        return identity;
    }
}
