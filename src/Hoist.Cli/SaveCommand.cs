using System.CommandLine;
using Hoist.Content;
using Hoist.Formats;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Cli;

/// <summary><c>hoist save IMAGE… -o FILE</c>: writes images to a docker archive (default) or an OCI layout.</summary>
public static class SaveCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("IMAGE") { Description = "Images to save (name or ID)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE (or a directory with --format oci-dir); - or absent: standard output", HelpName = "FILE" };
        var format = new Option<string>("--format")
        {
            Description = "docker (docker save/load archive, also an OCI layout), oci (OCI layout tar) or oci-dir (OCI layout directory)",
            DefaultValueFactory = _ => "docker",
        };
        format.AcceptOnlyFromAmong("docker", "oci", "oci-dir");
        var command = new Command("save", "Save images to a tar archive (docker save) or an OCI image layout") { images, output, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var names = parseResult.GetValue(images)!;
            var compressor = new SnapshotLayerCompressor(new SnapshotLayers(store));
            foreach (var name in names.SelectMany(store.Names.ExpandRepository)) await compressor.CompressAsync(name, cancellationToken);
            var path = parseResult.GetValue(output);
            var chosen = parseResult.GetValue(format);
            var archiveFormat = chosen == "docker" ? ImageArchiveFormat.Docker : ImageArchiveFormat.Oci;
            var noFile = path is null or "-";
            if (chosen == "oci-dir" && noFile) throw new HoistException("--format oci-dir needs -o DIRECTORY");
            if (chosen != "oci-dir" && noFile && !Console.IsOutputRedirected)
            {
                throw new HoistException("refusing to write an archive to a terminal: use -o FILE or redirect the output");
            }
            // Source → sink: the images the names give, each under the name it was given by, into one archive.
            var named = await new StoreImageSource(store).NamedAsync(names, cancellationToken);
            if (chosen == "oci-dir")
            {
                await ArchiveSink.ToDirectory(store, path!, archiveFormat).WriteAsync(named, cancellationToken);
            }
            else if (noFile)
            {
                await using var stdout = Console.OpenStandardOutput();
                await ArchiveSink.ToTar(store, stdout, archiveFormat).WriteAsync(named, cancellationToken);
            }
            else
            {
                // Written beside the target and renamed, so a failed save never leaves a truncated archive under its name.
                await DestinationFile.WriteAsync(Path.GetFullPath(path!), file => ArchiveSink.ToTar(store, file, archiveFormat).WriteAsync(named, cancellationToken));
            }
            return 0;
        });
        return command;
    }
}
