using System.CommandLine;
using System.Text.Json;
using Hoist.Building.Engine;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist volume create|ls|inspect|rm|prune</c>, as docker's basics for the named volumes <c>hoist run -v NAME:/path</c>
/// uses (kept under <c>&lt;root&gt;/volumes</c>, see <see cref="VolumeStore"/>), with docker's output and messages.
/// </summary>
public static class VolumeCommand
{
    public static Command Create() =>
        new("volume", "Manage volumes, as docker volume: create, ls, inspect, rm, prune") { CreateVolume(), List(), Inspect(), Remove(), VolumePruneCommand.Create() };

    private static VolumeStore Store(ParseResult parse) => new(GlobalOptions.OpenStore(parse).Root);

    private static Command CreateVolume()
    {
        var name = new Argument<string?>("VOLUME") { Description = "Volume name (default: a random one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("create", "Create a volume") { name };
        command.SetAction(parse =>
        {
            var store = Store(parse);
            var volume = store.Create(parse.GetValue(name) ?? VolumeStore.RandomName());
            parse.InvocationConfiguration.Output.WriteLine(volume.Name);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display volume names" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "dangling=true|false (not used by a running container), name=TEXT; repeatable" };
        var command = new Command("ls", "List volumes") { quiet, filter };
        command.Aliases.Add("list");
        command.SetAction(parse =>
        {
            var store = Store(parse);
            var filters = (parse.GetValue(filter) ?? []).Select(Filter).ToList();
            var volumes = store.List().Where(v => filters.All(f => f(store, v))).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(quiet))
            {
                foreach (var volume in volumes) output.WriteLine(volume.Name);
                return 0;
            }
            var table = new TextTable("DRIVER", "VOLUME NAME");
            foreach (var volume in volumes) table.Add("local", volume.Name);
            table.WriteTo(output, minimumWidth: 10);
            return 0;
        });
        return command;
    }

    /// <summary>docker's volume filters: <c>dangling</c> (Hoist's volumes are in use only while a container runs) and
    /// <c>name</c> (a substring of the name).</summary>
    private static Func<VolumeStore, NamedVolume, bool> Filter(string filter)
    {
        var (key, value) = filter.Split('=', 2) is [var k, var v] ? (k, v) : throw new HoistException($"bad format of filter (expected name=value): {filter}");
        return key switch
        {
            "dangling" when value is "true" or "1" => (store, volume) => !store.InUse(volume),
            "dangling" when value is "false" or "0" => (store, volume) => store.InUse(volume),
            "dangling" => throw new HoistException($"invalid filter 'dangling={value}'"),
            "name" => (_, volume) => volume.Name.Contains(value, StringComparison.Ordinal),
            _ => throw new HoistException($"invalid filter '{key}' (dangling or name)"),
        };
    }

    private static Command Inspect()
    {
        var names = new Argument<string[]>("VOLUME") { Description = "Volume names", Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Display detailed information on one or more volumes") { names };
        command.SetAction(parse =>
        {
            var store = Store(parse);
            var volumes = parse.GetValue(names)!.Select(n => store.Get(n) ?? throw NoSuchVolume(n)).ToList();
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 4 }))
            {
                json.WriteStartArray();
                foreach (var volume in volumes) WriteVolume(json, volume);
                json.WriteEndArray();
            }
            parse.InvocationConfiguration.Output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        });
        return command;
    }

    /// <summary><c>docker volume inspect</c>'s fields, in its order.</summary>
    private static void WriteVolume(Utf8JsonWriter json, NamedVolume volume)
    {
        json.WriteStartObject();
        json.WriteString("CreatedAt", volume.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("Driver", "local");
        // docker 28: null, but the label it gives an anonymous volume.
        if (volume.Anonymous)
        {
            json.WriteStartObject("Labels");
            json.WriteString("com.docker.volume.anonymous", "");
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("Labels");
        }
        json.WriteString("Mountpoint", volume.Mountpoint);
        json.WriteString("Name", volume.Name);
        json.WriteNull("Options");
        json.WriteString("Scope", "local");
        json.WriteEndObject();
    }

    private static Command Remove()
    {
        var names = new Argument<string[]>("VOLUME") { Description = "Volume names", Arity = ArgumentArity.OneOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Do not fail on a volume that does not exist" };
        var command = new Command("rm", "Remove one or more volumes") { names, force };
        command.Aliases.Add("remove");
        command.SetAction(parse =>
        {
            var store = Store(parse);
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var failed = false;
            foreach (var name in parse.GetValue(names)!)
            {
                var problem = RemoveOne(store, name, parse.GetValue(force));
                if (problem is null)
                {
                    output.WriteLine(name);
                }
                else if (problem.Length > 0)
                {
                    error.WriteLine($"error: {problem}");
                    failed = true;
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }

    /// <summary>Null when removed, "" when a missing volume is forgiven (<c>-f</c>), else docker's reason.</summary>
    private static string? RemoveOne(VolumeStore store, string name, bool force)
    {
        var volume = store.Get(name);
        if (volume is null) return force ? "" : NoSuchVolume(name).Message;
        return store.TryRemove(volume) ? null : $"remove {name}: volume is in use by a running hoist run";
    }

    private static HoistException NoSuchVolume(string name) => new($"get {name}: no such volume");
}
