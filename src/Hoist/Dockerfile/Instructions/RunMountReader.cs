using System.Globalization;
using Hoist.Posix;

namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// Parses the value of one <c>RUN --mount=…</c> flag: comma-separated (CSV) <c>key=value</c> fields with BuildKit's keys,
/// defaults and validation (frontend/dockerfile/instructions/commands_runmount.go, plus the checks BuildKit makes when it
/// turns mounts into LLB: a target for bind/cache/tmpfs, no source for ssh, secret and cache ids).
/// </summary>
/// <remarks>
/// When read from the Dockerfile (no expander), a value holding <c>$</c> cannot be judged yet: it is kept as written and
/// the checks that depend on it wait for <see cref="RunInstruction.Expand"/>, which parses the raw text again with every
/// value expanded, as BuildKit does. <c>from</c> never supports variables.
/// </remarks>
internal static class RunMountReader
{
    private static readonly string[] AllKeys =
    [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid", "src",
        "dst", "destination", "ro", "rw", "readwrite", "env",
    ];

    public static RunMount Parse(string raw, Func<string, string>? expand)
    {
        var type = MountType.Bind;
        string? target = null, source = null, from = null, id = null, mode = null, env = null;
        long? uid = null, gid = null, size = null;
        bool? readOnly = null;
        var required = false;
        CacheSharing? sharing = null;
        var deferred = false; // some value waits for expansion
        var typeDeferred = false;

        foreach (var field in CsvFields(raw))
        {
            var (name, value) = SpecFields.ParseField(field);
            var key = name.ToLowerInvariant();
            if (value is null)
            {
                switch (key)
                {
                    case "readonly" or "ro":
                        readOnly = true;
                        continue;
                    case "readwrite" or "rw":
                        readOnly = false;
                        continue;
                    case "required":
                        if (!typeDeferred && type is not (MountType.Secret or MountType.Ssh))
                            throw new InstructionError($"unexpected key '{key}' for mount type '{Name(type)}'");
                        required = true;
                        continue;
                    default:
                        throw new InstructionError($"invalid field '{field}' must be a key=value pair");
                }
            }

            if (expand is not null)
            {
                value = expand(value);
            }
            else if (key == "from")
            {
                var dollar = value.IndexOf('$');
                if (dollar >= 0 && dollar != value.Length - 1)
                    throw new InstructionError($"'{key}' doesn't support variable expansion, define alias stage instead");
            }
            else if (value.Contains('$') && key is "type" or "readonly" or "ro" or "readwrite" or "rw" or "required"
                         or "size" or "sharing" or "mode" or "uid" or "gid")
            {
                deferred = true;
                typeDeferred |= key == "type";
                if (key == "mode") mode = value;
                continue;
            }

            switch (key)
            {
                case "type":
                    type = value.ToLowerInvariant() switch
                    {
                        "bind" => MountType.Bind,
                        "cache" => MountType.Cache,
                        "tmpfs" => MountType.Tmpfs,
                        "secret" => MountType.Secret,
                        "ssh" => MountType.Ssh,
                        _ => throw new InstructionError(
                            $"unsupported mount type \"{value}\"{Suggestion.For(value, ["bind", "cache", "tmpfs", "secret", "ssh"])}"),
                    };
                    typeDeferred = false;
                    break;
                case "from":
                    from = value;
                    break;
                case "source" or "src":
                    source = value;
                    break;
                case "target" or "dst" or "destination":
                    target = value;
                    break;
                case "readonly" or "ro":
                    readOnly = ParseBool(key, value);
                    break;
                case "readwrite" or "rw":
                    readOnly = !ParseBool(key, value);
                    break;
                case "required":
                    if (!typeDeferred && type is not (MountType.Secret or MountType.Ssh))
                        throw new InstructionError($"unexpected key '{key}' for mount type '{Name(type)}'");
                    required = ParseBool(key, value);
                    break;
                case "size":
                    if (!typeDeferred && type != MountType.Tmpfs)
                        throw new InstructionError($"unexpected key '{key}' for mount type '{Name(type)}'");
                    size = ParseRamSize(value) ?? throw new InstructionError($"invalid value for {key}: {value}");
                    break;
                case "id":
                    id = value;
                    break;
                case "sharing":
                    sharing = value.ToLowerInvariant() switch
                    {
                        "shared" => CacheSharing.Shared,
                        "private" => CacheSharing.Private,
                        "locked" => CacheSharing.Locked,
                        _ => throw new InstructionError(
                            $"unsupported sharing value \"{value}\"{Suggestion.For(value, ["shared", "private", "locked"])}"),
                    };
                    break;
                case "mode":
                    if (!IsOctal(value))
                        throw new InstructionError($"invalid value {value} for mode");
                    mode = value;
                    break;
                case "uid":
                    uid = ParseId(value) ?? throw new InstructionError($"invalid value {value} for uid");
                    break;
                case "gid":
                    gid = ParseId(value) ?? throw new InstructionError($"invalid value {value} for gid");
                    break;
                case "env":
                    env = value;
                    break;
                default:
                    throw new InstructionError($"unexpected key '{key}' in '{field}'{Suggestion.For(key, AllKeys)}");
            }
        }

        var mount = new RunMount
        {
            Type = type,
            Target = target,
            Source = source,
            From = from,
            Id = id,
            Sharing = sharing ?? CacheSharing.Shared,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            Required = required,
            Size = size,
            Env = env,
            // Bind, secret and ssh mounts are read-only unless rw is given; cache and tmpfs are writable.
            ReadWrite = readOnly is null ? type is MountType.Cache or MountType.Tmpfs : !readOnly.Value,
            Raw = raw,
        };
        return deferred ? mount : Validate(mount, sharing is not null);
    }

    private static RunMount Validate(RunMount m, bool sharingGiven)
    {
        var typeName = Name(m.Type);
        if (m.Type is MountType.Bind or MountType.Tmpfs)
        {
            if (m.Mode is not null) throw new InstructionError($"mode not allowed for \"{typeName}\" type mounts");
            if (m.Uid is not null) throw new InstructionError($"uid not allowed for \"{typeName}\" type mounts");
            if (m.Gid is not null) throw new InstructionError($"gid not allowed for \"{typeName}\" type mounts");
        }

        switch (m.Type)
        {
            case MountType.Secret:
            {
                if (!string.IsNullOrEmpty(m.From)) throw new InstructionError("secret mount should not have a from");
                if (sharingGiven) throw new InstructionError("secret mount should not define sharing");
                if (string.IsNullOrEmpty(m.Source) && string.IsNullOrEmpty(m.Target) && string.IsNullOrEmpty(m.Id))
                    throw new InstructionError("invalid secret mount. one of source, target required");
                if (!string.IsNullOrEmpty(m.Source) && !string.IsNullOrEmpty(m.Id))
                    throw new InstructionError("both source and id can't be set");
                // The secret's id is source, else id, else the target's file name; without env= it is a file at
                // target, by default /run/secrets/<id>.
                var secretId = !string.IsNullOrEmpty(m.Source) ? m.Source
                    : !string.IsNullOrEmpty(m.Id) ? m.Id
                    : UnixPath.FileName(m.Target!);
                var secretTarget = string.IsNullOrEmpty(m.Target)
                    ? m.Env is null ? "/run/secrets/" + UnixPath.FileName(secretId) : null
                    : m.Target;
                return m with { Id = secretId, Target = secretTarget };
            }
            case MountType.Ssh:
                if (sharingGiven) throw new InstructionError($"invalid cache sharing set for {typeName} mount");
                if (!string.IsNullOrEmpty(m.Source)) throw new InstructionError("ssh does not support source");
                return m with { Id = string.IsNullOrEmpty(m.Id) ? "default" : m.Id };
            default:
                if (sharingGiven && m.Type != MountType.Cache)
                    throw new InstructionError($"invalid cache sharing set for {typeName} mount");
                // Without a target the mount is at the working directory (dispatch resolves it, as BuildKit). A cache
                // without an id is keyed by its cleaned written target: "." when there is none.
                return m.Type == MountType.Cache && string.IsNullOrEmpty(m.Id) ? m with { Id = UnixPath.Clean(m.Target ?? "") } : m;
        }
    }

    private static string Name(MountType type) => type.ToString().ToLowerInvariant();

    /// <summary>Go's strconv.ParseBool.</summary>
    private static bool ParseBool(string key, string value) =>
        GoBool.TryParse(value, out var parsed) ? parsed : throw new InstructionError($"invalid value for {key}: {value}");

    /// <summary>strconv.ParseUint(value, 8, 32): octal digits only, at most 32 bits.</summary>
    private static bool IsOctal(string value)
    {
        if (value.Length == 0)
            return false;
        ulong n = 0;
        foreach (var c in value)
        {
            if (c is < '0' or > '7')
                return false;
            n = n * 8 + (ulong)(c - '0');
            if (n > uint.MaxValue)
                return false;
        }
        return true;
    }

    private static long? ParseId(string value) =>
        value.Length > 0 && value.All(char.IsAsciiDigit) && uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    /// <summary>docker/go-units RAMInBytes (<see cref="RamSize"/>).</summary>
    internal static long? ParseRamSize(string text) => RamSize.Parse(text);

    /// <summary>One CSV record, with BuildKit's errors for bad quoting.</summary>
    private static IReadOnlyList<string> CsvFields(string line) =>
        SpecFields.SplitCsv(line, allowBareQuotes: false, problem => new InstructionError(problem == CsvProblem.BareQuote
            ? $"failed to parse csv mounts: bare \" in non-quoted-field: {line}"
            : $"failed to parse csv mounts: extraneous or missing \" in quoted-field: {line}"));
}
