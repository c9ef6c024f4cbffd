using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// The platform the built image's config declares. With an explicit <c>--platform</c> BuildKit (dockerfile2llb) writes
/// the target platform's os and architecture into the final config whatever platform the target stage ran on — a
/// target stage on <c>FROM --platform=$BUILDPLATFORM</c> still declares linux/arm64 for <c>--platform linux/arm64</c>
/// (conformance case 99) — and its variant (and os.version) when the target has one or os/architecture changed.
/// Without <c>--platform</c> the stage's own platform stands.
/// </summary>
internal static class TargetPlatformConfig
{
    public static StageImage Apply(StageImage image, BuildPlan plan)
    {
        if (!plan.ExplicitTargetPlatform) return image;
        var (target, own) = (plan.TargetPlatform, image.Platform);
        var sameOsArchitecture = target.Os == own.Os && target.Architecture == own.Architecture;
        return image with
        {
            Platform = own with
            {
                Os = target.Os,
                Architecture = target.Architecture,
                Variant = target.Variant is not null || !sameOsArchitecture ? target.Variant : own.Variant,
                OsVersion = target.OsVersion is not null || !sameOsArchitecture ? target.OsVersion : own.OsVersion,
            },
        };
    }
}
