using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>Reads and writes a <see cref="Digest"/> as its <c>algorithm:hex</c> string.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Digest.TryParse(text, out var digest) ? digest : throw new JsonException($"invalid digest \"{text}\"");
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
