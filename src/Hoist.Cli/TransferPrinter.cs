using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary>
/// Prints pull/push progress as docker does without a terminal: one line per layer state change, layers named by the
/// first 12 hex digits of their digest. Reports arrive from parallel transfers, so writes are serialised.
/// </summary>
public sealed class TransferPrinter(TextWriter output) : IProgress<TransferProgress>
{
    private readonly Lock _gate = new();

    public void Report(TransferProgress value)
    {
        // docker lists layers only; the config is a detail of the image
        if (MediaTypes.IsConfig(value.Blob.MediaType)) return;
        string? text = value.State switch
        {
            TransferState.Waiting => "Pulling fs layer",
            TransferState.AlreadyExists => IsPull ? "Already exists" : "Layer already exists",
            // byte progress is for terminals; docker's plain output has none either
            TransferState.Downloading => null,
            TransferState.Downloaded => value.Detail is null ? "Pull complete" : $"Pull complete ({value.Detail})",
            TransferState.Uploading => "Preparing",
            TransferState.Mounted => $"Mounted from {value.Detail}",
            TransferState.Pushed => "Pushed",
            _ => value.State.ToString(),
        };
        if (text is null) return;
        lock (_gate) output.WriteLine($"{value.Blob.Digest.Hex[..12]}: {text}");
    }

    /// <summary>Pull and push say "already exists" differently, as docker does.</summary>
    public bool IsPull { get; init; } = true;
}
