using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Registry;

/// <summary>
/// What each registry pull of a build did, in BuildKit's plain-progress words (<c>resolve REF@DIGEST done</c>,
/// <c>sha256:… 1.06MB / 1.06MB done</c>) and how long it took, kept until the step that uses the image (its FROM)
/// shows it: Hoist resolves every image before the first stage runs, BuildKit pulls inside the FROM step.
/// </summary>
public sealed class PullLog
{
    private readonly ConcurrentDictionary<(string Reference, Platform Platform), PullRecord> _records = new();

    /// <summary>Starts recording one pull; the caller reports its transfers to the returned progress, then ends it.</summary>
    public Recording Start(string reference, Platform platform) => new(this, reference, platform);

    /// <summary>The pull of <paramref name="reference"/>, once: the first step to show it takes it.</summary>
    public PullRecord? Take(string reference, Platform platform) => _records.TryRemove((reference, platform), out var record) ? record : null;

    public sealed class Recording(PullLog log, string reference, Platform platform) : IProgress<TransferProgress>
    {
        private readonly List<string> _lines = [];
        private readonly long _started = Stopwatch.GetTimestamp();

        public void Report(TransferProgress value)
        {
            if (value.State == TransferState.Extracted)
            {
                // BuildKit extracts a base inside its FROM step, in these words; so does a build's pull that unpacks it
                lock (_lines) _lines.AddRange([$"extracting {value.Blob.Digest}", $"extracting {value.Blob.Digest} {value.Detail} done"]);
                return;
            }
            if (value.State != TransferState.Downloaded) return;
            var size = DecimalSize.Format(value.Blob.Size);
            lock (_lines) _lines.Add($"{value.Blob.Digest} {size} / {size} done");
        }

        public void End(ImageReference pulledReference, ResolvedImage pulled)
        {
            var elapsed = Stopwatch.GetElapsedTime(_started);
            List<string> lines;
            lock (_lines) lines = [$"resolve {pulledReference.WithDigest(pulled.Target.Digest)} "
                + $"{elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s done", .. _lines];
            log._records[(reference, platform)] = new PullRecord(lines, elapsed);
        }
    }
}
