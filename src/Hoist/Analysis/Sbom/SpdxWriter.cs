using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// SPDX 2.3 JSON (spdx-spec 2.3, "SPDX JSON"): the image as the described package, every package it contains with
/// its purl as a package-manager external reference and the file it was found in as its source info.
/// </summary>
public static partial class SpdxWriter
{
    private const string ImageId = "SPDXRef-Image";

    public static void Write(SbomDocument document, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("spdxVersion", "SPDX-2.3");
        json.WriteString("dataLicense", "CC0-1.0");
        json.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        json.WriteString("name", document.ImageName);
        json.WriteString("documentNamespace", $"urn:uuid:{document.ContentUuid("spdx-2.3")}");
        json.WriteStartObject("creationInfo");
        json.WriteString("created", document.Timestamp);
        json.WriteStartArray("creators");
        json.WriteStringValue($"Tool: {SbomDocument.ToolName}-{SbomDocument.ToolVersion}");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("documentDescribes");
        json.WriteStringValue(ImageId);
        json.WriteEndArray();
        json.WriteStartArray("packages");
        WriteImage(json, document);
        foreach (var package in document.Packages) WritePackage(json, document, package);
        json.WriteEndArray();
        json.WriteStartArray("relationships");
        WriteRelationship(json, "SPDXRef-DOCUMENT", "DESCRIBES", ImageId);
        foreach (var package in document.Packages) WriteRelationship(json, ImageId, "CONTAINS", SpdxId(document, package));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteImage(Utf8JsonWriter json, SbomDocument document)
    {
        json.WriteStartObject();
        json.WriteString("SPDXID", ImageId);
        json.WriteString("name", document.ImageName);
        json.WriteString("versionInfo", document.ImageId.ToString());
        json.WriteString("downloadLocation", "NOASSERTION");
        json.WriteBoolean("filesAnalyzed", false);
        json.WriteString("primaryPackagePurpose", "CONTAINER");
        json.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter json, SbomDocument document, SoftwarePackage package)
    {
        json.WriteStartObject();
        json.WriteString("SPDXID", SpdxId(document, package));
        json.WriteString("name", package.FullName);
        json.WriteString("versionInfo", package.Version);
        json.WriteString("downloadLocation", "NOASSERTION");
        json.WriteBoolean("filesAnalyzed", false);
        json.WriteString("licenseConcluded", "NOASSERTION");
        // Only a license that already reads as an SPDX expression is declared as one; free text would be invalid.
        json.WriteString("licenseDeclared", package.License is { } license && SpdxExpression().IsMatch(license) ? license : "NOASSERTION");
        json.WriteString("copyrightText", "NOASSERTION");
        json.WriteString("sourceInfo", $"found in {package.Location}");
        json.WriteString("primaryPackagePurpose", "LIBRARY");
        json.WriteStartArray("externalRefs");
        json.WriteStartObject();
        json.WriteString("referenceCategory", "PACKAGE-MANAGER");
        json.WriteString("referenceType", "purl");
        json.WriteString("referenceLocator", PackageUrl.For(package, document.OperatingSystem));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter json, string from, string type, string to)
    {
        json.WriteStartObject();
        json.WriteString("spdxElementId", from);
        json.WriteString("relationshipType", type);
        json.WriteString("relatedSpdxElement", to);
        json.WriteEndObject();
    }

    private static string SpdxId(SbomDocument document, SoftwarePackage package) => $"SPDXRef-Package-{document.ReferenceOf(package)}";

    [GeneratedRegex(@"^[A-Za-z0-9.+-]+(?: (?:AND|OR|WITH) [A-Za-z0-9.+-]+)*$")]
    private static partial Regex SpdxExpression();
}
