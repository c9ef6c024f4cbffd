using System.Text.Json.Serialization;

namespace Hoist.Registry;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true, WriteIndented = true)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegistryErrorList))]
[JsonSerializable(typeof(IndexDocument))]
[JsonSerializable(typeof(CredentialHelperReply))]
[JsonSerializable(typeof(RegistryConfigurationFile))]
[JsonSerializable(typeof(SortedDictionary<string, List<string>>))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
