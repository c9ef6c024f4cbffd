using System.CommandLine;
using Hoist.Content;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist images</c>: one row per name, plus a <c>&lt;none&gt; &lt;none&gt;</c> row per image kept without a name,
/// newest image first, in <c>docker images</c> columns.
/// </summary>
public static class ImagesCommand
{
    private sealed record Row(string Repository, string Tag, LocalImage? Image);

    public static Command Create()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var command = new Command("images", "List images in the store") { quiet };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var rows = new List<Row>();
            foreach (var name in store.Names.List())
            {
                var image = await TryResolveAsync(store, name.Reference.ToString(), cancellationToken);
                rows.Add(new Row(name.Reference.FamiliarRepository, name.Reference.Tag ?? "<none>", image));
            }
            foreach (var target in store.Names.ListUntagged())
            {
                rows.Add(new Row("<none>", "<none>", await TryResolveAsync(store, target.ToString(), cancellationToken)));
            }
            rows = rows
                .OrderByDescending(r => r.Image?.Config.Config.Created ?? DateTimeOffset.MinValue)
                .ThenBy(r => r.Repository, StringComparer.Ordinal)
                .ThenBy(r => r.Tag, StringComparer.Ordinal)
                .ToList();
            if (parseResult.GetValue(quiet))
            {
                foreach (var id in rows.Where(r => r.Image is not null).Select(r => HumanUnits.ShortId(r.Image!.Id)).Distinct())
                {
                    output.WriteLine(id);
                }
                return 0;
            }
            var table = new TextTable("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            foreach (var (repository, tag, image) in rows)
            {
                table.Add(
                    repository,
                    tag,
                    image is null ? "<missing>" : HumanUnits.ShortId(image.Id),
                    image is null ? "N/A" : HumanUnits.Ago(image.Config.Config.Created),
                    image is null ? "N/A" : HumanUnits.Size(image.Size));
            }
            table.WriteTo(output, minimumWidth: 10);
            return 0;
        });
        return command;
    }

    /// <summary>A name or untagged entry whose content is missing is still listed, so that it can be seen and removed.</summary>
    private static async Task<LocalImage?> TryResolveAsync(ContentStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ResolveImageAsync(name, cancellationToken: cancellationToken);
        }
        catch (HoistException)
        {
            return null;
        }
    }
}
