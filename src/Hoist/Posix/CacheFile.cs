using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hoist.Posix;

/// <summary>
/// A JSON file used as a cache: one that cannot be read (missing, torn, of an older shape) is absent, and writes are
/// atomic and best-effort (a full disk or a read-only state dir costs the next caller a recomputation, nothing more).
/// </summary>
public static class CacheFile
{
    public static T? TryRead<T>(string path, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            using var file = File.OpenRead(path);
            return JsonSerializer.Deserialize(file, type);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    public static void TryWrite<T>(string path, T value, JsonTypeInfo<T> type)
    {
        try
        {
            AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, value, type), new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
            // Only a cache.
        }
    }
}
