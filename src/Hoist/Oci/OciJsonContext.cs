using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>Source-generated (AOT-safe) JSON metadata for the OCI wire types.</summary>
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(Platform))]
public sealed partial class OciJsonContext : JsonSerializerContext;
