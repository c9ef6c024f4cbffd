using System.Text.Json;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// CycloneDX JSON (1.5 or 1.6): the image as the metadata component (type <c>container</c>), the distribution as an
/// <c>operating-system</c> component, every package as a <c>library</c> with its purl and, as a property, the file it
/// was found in.
/// </summary>
public static class CycloneDxWriter
{
    public static readonly IReadOnlyList<string> Versions = ["1.5", "1.6"];

    public static void Write(SbomDocument document, Stream output, string specVersion = "1.5")
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$schema", $"http://cyclonedx.org/schema/bom-{specVersion}.schema.json");
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", specVersion);
        json.WriteString("serialNumber", $"urn:uuid:{document.ContentUuid($"cyclonedx-{specVersion}")}");
        json.WriteNumber("version", 1);
        WriteMetadata(json, document);
        json.WriteStartArray("components");
        if (document.OperatingSystem is { } os)
        {
            json.WriteStartObject();
            json.WriteString("type", "operating-system");
            json.WriteString("bom-ref", $"os-{os.Id}");
            json.WriteString("name", os.Id);
            if (os.VersionId.Length > 0) json.WriteString("version", os.VersionId);
            json.WriteString("description", os.PrettyName);
            json.WriteEndObject();
        }
        foreach (var package in document.Packages) WritePackage(json, document, package);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, SbomDocument document)
    {
        json.WriteStartObject("metadata");
        json.WriteString("timestamp", document.Timestamp);
        json.WriteStartObject("tools");
        json.WriteStartArray("components");
        json.WriteStartObject();
        json.WriteString("type", "application");
        json.WriteString("name", SbomDocument.ToolName);
        json.WriteString("version", SbomDocument.ToolVersion);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("component");
        json.WriteString("type", "container");
        json.WriteString("bom-ref", "image");
        json.WriteString("name", document.ImageName);
        json.WriteString("version", document.ImageId.ToString());
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter json, SbomDocument document, SoftwarePackage package)
    {
        json.WriteStartObject();
        json.WriteString("type", "library");
        json.WriteString("bom-ref", document.ReferenceOf(package));
        if (package.Namespace is { } group) json.WriteString("group", group);
        json.WriteString("name", package.Name);
        json.WriteString("version", package.Version);
        if (package.License is { } license)
        {
            json.WriteStartArray("licenses");
            json.WriteStartObject();
            json.WriteStartObject("license");
            json.WriteString("name", license);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteString("purl", PackageUrl.For(package, document.OperatingSystem));
        json.WriteStartArray("properties");
        WriteProperty(json, "hoist:location", package.Location);
        if (package.InstallPath is { } installed) WriteProperty(json, "hoist:install-path", installed);
        if (package.SourceName is { } source) WriteProperty(json, "hoist:source-package", source);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }
}
