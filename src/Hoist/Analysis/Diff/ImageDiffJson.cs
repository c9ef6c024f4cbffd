using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;

namespace Hoist.Analysis.Diff;

/// <summary>Source-generated JSON for <c>hoist diff --format json</c>: camelCase, enums as camelCase strings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageDifference))]
public sealed partial class ImageDiffJson : JsonSerializerContext
{
    /// <summary>Values hold JSON text (quotes) and arrows; escaping them as <c>\u0022</c> only hinders a reader.</summary>
    private static JsonSerializerOptions Readable => new(Default.GeneratedSerializerOptions!) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = Default };

    /// <summary>The difference as a JSON document (UTF-8).</summary>
    public static byte[] Write(ImageDifference difference) =>
        JsonSerializer.SerializeToUtf8Bytes(difference, (JsonTypeInfo<ImageDifference>)Readable.GetTypeInfo(typeof(ImageDifference)));
}
