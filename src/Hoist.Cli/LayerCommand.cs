using System.CommandLine;
using Hoist.Archives;

namespace Hoist.Cli;

/// <summary><c>hoist layer create|apply|diff</c>: write a layer from a directory, apply one, or diff two trees.</summary>
public static class LayerCommand
{
    public static Command Create()
    {
        var layer = new Command("layer", "Create, apply and diff image layer tarballs");
        layer.Subcommands.Add(CreateCommand());
        layer.Subcommands.Add(ApplyCommand());
        layer.Subcommands.Add(DiffCommand());
        return layer;
    }

    private static Option<string> CompressionOption() => new("--compression", "-c")
    {
        Description = "gzip (default), zstd or none",
        DefaultValueFactory = _ => "gzip",
    };

    private static Option<long?> EpochOption() => new("--source-date-epoch")
    {
        Description = "Clamp timestamps to this Unix time (defaults to $SOURCE_DATE_EPOCH when set)",
    };

    private static Command CreateCommand()
    {
        var directory = new Argument<string>("DIR") { Description = "Directory whose contents become the layer" };
        var output = new Option<string>("--output", "-o") { Description = "Layer file to write", Required = true };
        var compression = CompressionOption();
        var epoch = EpochOption();
        var command = new Command("create", "Write a deterministic layer tarball of a directory") { directory, output, compression, epoch };
        command.SetAction(parse =>
        {
            var options = Options(parse.GetValue(compression)!, parse.GetValue(epoch));
            var blob = LayerWriter.WriteDirectory(parse.GetValue(directory)!, parse.GetValue(output)!, options);
            Print(parse.InvocationConfiguration.Output, blob);
            return 0;
        });
        return command;
    }

    private static Command DiffCommand()
    {
        var lower = new Argument<string>("LOWER") { Description = "The tree before" };
        var upper = new Argument<string>("UPPER") { Description = "The tree after (or an overlayfs upper dir with --overlay)" };
        var output = new Option<string>("--output", "-o") { Description = "Layer file to write", Required = true };
        var overlay = new Option<bool>("--overlay") { Description = "UPPER is an overlayfs upper dir; LOWER is ignored" };
        var compression = CompressionOption();
        var epoch = EpochOption();
        var command = new Command("diff", "Write the layer of changes from LOWER to UPPER") { lower, upper, output, overlay, compression, epoch };
        command.SetAction(parse =>
        {
            var options = Options(parse.GetValue(compression)!, parse.GetValue(epoch));
            var items = parse.GetValue(overlay)
                ? LayerChanges.FromOverlayUpper(parse.GetValue(upper)!, options)
                : LayerChanges.BetweenDirectories(parse.GetValue(lower)!, parse.GetValue(upper)!, options);
            using var file = new FileStream(parse.GetValue(output)!, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            Print(parse.InvocationConfiguration.Output, LayerWriter.Write(items, file, options));
            return 0;
        });
        return command;
    }

    private static Command ApplyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "Layer tarball (gzip, zstd or plain)" };
        var directory = new Argument<string>("DIR") { Description = "Directory to apply it to" };
        var devices = new Option<bool>("--allow-devices") { Description = "Create device nodes (root only); otherwise a layer with devices is refused" };
        var command = new Command("apply", "Apply a layer tarball to a directory, safely") { file, directory, devices };
        command.SetAction(parse =>
        {
            var options = new LayerApplyOptions { Devices = parse.GetValue(devices) ? DeviceNodePolicy.Create : DeviceNodePolicy.Reject };
            var result = LayerApplier.Apply(parse.GetValue(file)!, parse.GetValue(directory)!, options);
            parse.InvocationConfiguration.Output.WriteLine($"entries:  {result.Entries}");
            parse.InvocationConfiguration.Output.WriteLine($"whiteouts: {result.Whiteouts}");
            if (result.XattrsNotApplied > 0) parse.InvocationConfiguration.Output.WriteLine($"xattrs not applied: {result.XattrsNotApplied}");
            return 0;
        });
        return command;
    }

    private static LayerWriteOptions Options(string compression, long? epoch)
    {
        var kind = compression.ToLowerInvariant() switch
        {
            "gzip" => LayerCompression.Gzip,
            "zstd" => LayerCompression.Zstd,
            "none" => LayerCompression.None,
            _ => throw new HoistException($"unknown compression \"{compression}\" (gzip, zstd or none)"),
        };
        if (epoch is null && Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is { Length: > 0 } text)
        {
            epoch = Hoist.Planning.SourceDateEpoch.Parse(text);
        }
        return new LayerWriteOptions { Compression = kind, SourceDateEpoch = epoch };
    }

    private static void Print(TextWriter output, LayerBlob blob)
    {
        output.WriteLine($"digest:    {blob.Digest}");
        output.WriteLine($"diffID:    {blob.DiffId}");
        output.WriteLine($"size:      {blob.Size}");
        output.WriteLine($"mediaType: {blob.MediaType}");
    }
}
