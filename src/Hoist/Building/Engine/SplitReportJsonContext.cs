using System.Text.Json.Serialization;
using Hoist.Analysis;

namespace Hoist.Building.Engine;

/// <summary>Source-generated JSON for the split reports kept by image IDs.</summary>
[JsonSerializable(typeof(LeftBehindReport))]
internal sealed partial class SplitReportJsonContext : JsonSerializerContext;
