using System.Globalization;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// Layers unpacked for a step, as BuildKit's status lines under the step that unpacks them (<c>#7 extracting
/// sha256:…</c>, then <c>#7 extracting sha256:… 0.4s done</c>). BuildKit extracts a base inside its FROM step; Hoist
/// unpacks lazily, so the lines come under the first step that needs the files (a RUN, a COPY from that image or
/// stage), and never when nothing has to be unpacked.
/// </summary>
public sealed class StepExtractionProgress(IBuildEvents events, BuildStep step) : IProgress<LayerExtraction>
{
    public void Report(LayerExtraction value) => events.StepStatus(step, value.Elapsed is { } elapsed
        ? $"extracting {value.Blob} {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s done"
        : $"extracting {value.Blob}");
}
