namespace Hoist.Planning;

/// <summary>Where a build's SOURCE_DATE_EPOCH came from; the build summary names it.</summary>
public enum SourceDateEpochOrigin
{
    /// <summary>No epoch: created times and mtimes are the wall clock, so the image is not reproducible.</summary>
    None,

    /// <summary><c>--build-arg SOURCE_DATE_EPOCH</c>, <c>--source-date-epoch N</c> or the environment variable.</summary>
    BuildArg,

    /// <summary>The default of a global <c>ARG SOURCE_DATE_EPOCH=N</c> in the Dockerfile.</summary>
    DockerfileDefault,

    /// <summary>The HEAD commit time of the git checkout holding the context.</summary>
    GitCommit,
}
