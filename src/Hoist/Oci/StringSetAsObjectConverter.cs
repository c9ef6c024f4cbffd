using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// Go's <c>map[string]struct{}</c> (ExposedPorts, Volumes): a set of keys whose values are <c>{}</c>. Keys are
/// written sorted and de-duplicated, as Go does.
/// </summary>
public sealed class StringSetAsObjectConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected an object");
        var keys = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            keys.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }
        return keys;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var key in value.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
