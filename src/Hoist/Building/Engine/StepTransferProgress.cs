using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Building.Engine;

/// <summary>A push's per-layer progress as output lines of its build step (<c>#12 pushing layer 1a2b3c4d5e6f: Pushed</c>).</summary>
public sealed class StepTransferProgress(IBuildEvents events, BuildStep step) : IProgress<TransferProgress>
{
    public void Report(TransferProgress value)
    {
        if (MediaTypes.IsConfig(value.Blob.MediaType)) return;
        string? text = value.State switch
        {
            TransferState.AlreadyExists => "Layer already exists",
            TransferState.Uploading => "Preparing",
            TransferState.Mounted => $"Mounted from {value.Detail}",
            TransferState.Pushed => "Pushed",
            _ => null,
        };
        if (text is not null) events.StepOutput(step, $"pushing layer {value.Blob.Digest.Hex[..12]}: {text}");
    }
}
