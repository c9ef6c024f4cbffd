using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// A secret a build may mount (<c>hoist build --secret id=ID,src=PATH</c> or <c>id=ID,env=VAR</c>). Its value is read
/// only when a <c>RUN --mount=type=secret</c> asks for it, and is never written to a layer, the history or the config.
/// </summary>
public sealed record BuildSecret
{
    public required string Id { get; init; }

    /// <summary>File holding the secret; null when it comes from <see cref="EnvironmentVariable"/>.</summary>
    public string? FilePath { get; init; }

    /// <summary>Environment variable of the build process holding the secret.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>The secret's bytes; a missing file or variable is a user error naming the secret.</summary>
    public byte[] ReadValue()
    {
        if (FilePath is not null)
        {
            try
            {
                return File.ReadAllBytes(FilePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HoistException($"secret {Id}: cannot read {FilePath}: {e.Message}", e);
            }
        }
        var name = EnvironmentVariable ?? Id;
        var value = Environment.GetEnvironmentVariable(name)
            ?? throw new HoistException($"secret {Id}: environment variable {name} is not set");
        return System.Text.Encoding.UTF8.GetBytes(value);
    }

    /// <summary>
    /// Parses a <c>--secret</c> value as docker buildx does: CSV fields <c>id</c>, <c>src</c>/<c>source</c>, <c>env</c>
    /// and <c>type=file|env</c>. Without src or env the id names an environment variable (type=env) or a file
    /// (type=file).
    /// </summary>
    public static BuildSecret Parse(string text)
    {
        string? id = null, source = null, env = null, type = null;
        foreach (var field in SpecFields.Split(text))
        {
            var (name, value) = SpecFields.ParseField(field);
            if (value is null || name.Length == 0) throw new HoistException($"invalid secret \"{text}\": field \"{field}\" must be key=value");
            var key = name.Trim().ToLowerInvariant();
            switch (key)
            {
                case "id": id = value; break;
                case "src" or "source": source = value; break;
                case "env": env = value; break;
                case "type":
                    if (value is not ("file" or "env")) throw new HoistException($"invalid secret \"{text}\": unsupported type \"{value}\"");
                    type = value;
                    break;
                default: throw new HoistException($"invalid secret \"{text}\": unexpected key \"{key}\"");
            }
        }
        if (type == "env" && source is not null && env is null) (env, source) = (source, null);
        id ??= source is not null ? Path.GetFileName(source) : env;
        if (string.IsNullOrEmpty(id)) throw new HoistException($"invalid secret \"{text}\": id is required");
        if (source is null && env is null)
        {
            if (type == "file") source = id;
            else env = id;
        }
        return new BuildSecret { Id = id, FilePath = source, EnvironmentVariable = source is null ? env : null };
    }
}
