using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// A string map written with ordinally sorted keys, as Go's encoding/json writes maps, so that the same config
/// always serialises to the same bytes (and digest) whatever order it was built in.
/// </summary>
public sealed class SortedStringMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected an object of strings");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            // Go decodes a JSON null into a map[string]string as "", so do we.
            map[key] = reader.TokenType == JsonTokenType.Null ? "" : reader.GetString() ?? "";
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var key in value.Keys.Order(StringComparer.Ordinal)) writer.WriteString(key, value[key]);
        writer.WriteEndObject();
    }
}
