using System.Text;
using Hoist.Analysis;
using Hoist.Analysis.Sbom;
using Hoist.Oci;

namespace Hoist.Tests.Analysis;

/// <summary>SPDX 2.3 and CycloneDX 1.5/1.6 output: valid against the published schemas (tests/schemas), byte-identical
/// for the same image, with package URLs as the purl specification spells them.</summary>
public sealed class SbomDocumentTests
{
    private static readonly OsReleaseEvidence Debian = new("debian", "12", "Debian GNU/Linux 12 (bookworm)");

    private static SbomDocument Document() => new("app:1", Digest.Sha256("config"u8), new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
    [
        new SoftwarePackage("deb", "libc6", "2.36-9+deb12u4", "/var/lib/dpkg/status") { Architecture = "amd64", SourceName = "glibc" },
        new SoftwarePackage("deb", "perl-base", "1:5.36.0-7", "/var/lib/dpkg/status") { Architecture = "amd64" },
        new SoftwarePackage("golang", "github.com/spf13/cobra", "v1.8.0", "/usr/bin/app"),
        new SoftwarePackage("maven", "slf4j-api", "2.0.9", "/app/app.jar") { Namespace = "org.slf4j" },
        new SoftwarePackage("npm", "node", "20.1.0", "/app/node_modules/@types/node/package.json") { Namespace = "@types", License = "MIT" },
        new SoftwarePackage("nuget", "Newtonsoft.Json", "13.0.3", "/app/App.deps.json"),
        new SoftwarePackage("pypi", "Foo_Bar", "1.0", "/site/Foo_Bar-1.0.dist-info/METADATA") { License = "Apache 2.0" },
    ], Debian);

    [Theory]
    [InlineData(0, "pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12")]
    [InlineData(1, "pkg:deb/debian/perl-base@1:5.36.0-7?arch=amd64&distro=debian-12")]
    [InlineData(2, "pkg:golang/github.com/spf13/cobra@v1.8.0")]
    [InlineData(3, "pkg:maven/org.slf4j/slf4j-api@2.0.9")]
    [InlineData(4, "pkg:npm/%40types/node@20.1.0")]
    [InlineData(5, "pkg:nuget/Newtonsoft.Json@13.0.3")]
    [InlineData(6, "pkg:pypi/foo-bar@1.0")]
    public void Package_urls_follow_the_purl_specification(int index, string expected)
    {
        Assert.Equal(expected, PackageUrl.For(Document().Packages[index], Debian));
    }

    [Theory]
    [InlineData("spdx-json", "spdx-2.3.schema.json")]
    [InlineData("cyclonedx-json", "cyclonedx-bom-1.5.schema.json")]
    [InlineData("cyclonedx-json@1.6", "cyclonedx-bom-1.6.schema.json")]
    public void The_output_is_valid_against_the_published_schema_and_the_same_bytes_every_time(string format, string schemaFile)
    {
        var first = Write(format);

        SbomSchemas.AssertValid(first, schemaFile);
        Assert.Equal(first, Write(format));
        Assert.Contains("2024-05-01T12:00:00Z", first);
        Assert.Contains("pkg:npm/%40types/node@20.1.0", first);
    }

    [Fact]
    public void Identifiers_are_derived_from_the_content_so_another_package_list_gives_another_namespace()
    {
        var one = Document();
        var other = one with { Packages = one.Packages.Take(2).ToList() };

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", one.ContentUuid("spdx"));
        Assert.NotEqual(one.ContentUuid("spdx"), other.ContentUuid("spdx"));
        Assert.Equal(one.ReferenceOf(one.Packages[0]), other.ReferenceOf(other.Packages[0]));
    }

    [Fact]
    public void An_unknown_format_is_a_one_line_error()
    {
        var error = Assert.Throws<HoistException>(() => SbomFormat.Write(Document(), "syft-json", new MemoryStream()));
        Assert.Equal("unknown SBOM format \"syft-json\" (known: spdx-json, cyclonedx-json, cyclonedx-json@1.5, cyclonedx-json@1.6)", error.Message);
    }

    private static string Write(string format)
    {
        using var buffer = new MemoryStream();
        SbomFormat.Write(Document(), format, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
