using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// RFC 3339 timestamps as Go writes them (<c>time.RFC3339Nano</c>: <c>Z</c> for UTC, trailing fractional zeros
/// dropped). Reads Go's nine fractional digits, which .NET's round-trip format does not accept.
/// </summary>
public sealed class TimestampJsonConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var text = reader.GetString();
        return Parse(text) ?? throw new JsonException($"invalid timestamp \"{text}\"");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(Format(value.Value));
    }

    public static string Format(DateTimeOffset value) => value.Offset == TimeSpan.Zero
        ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        // Trim fractional seconds beyond the 7 digits .NET represents (100 ns ticks).
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
    }
}
