using System.Net;
using Engine = Docker.DotNet;
using Models = Docker.DotNet.Models;

namespace Wasmc.Docker.Internal;

internal sealed class ImageOperations(Engine.IDockerClient engine, EngineErrors errors) : IDockerImageOperations
{
    public async Task<ImageInspect?> InspectAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        Models.ImageInspectResponse image;
        try
        {
            image = await errors.CallAsync($"inspecting image {nameOrId}", () => engine.Images.InspectImageAsync(nameOrId, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }

        return new ImageInspect(
            image.ID,
            ContainerOperations.List(image.RepoTags),
            ContainerOperations.List(image.RepoDigests),
            ContainerOperations.Map(image.Config?.Labels),
            image.Size,
            image.Created is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null,
            image.Architecture,
            image.Os);
    }

    public Task PullAsync(string reference, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = $"pulling {reference}";
        var (repository, tag) = SplitReference(reference);
        return errors.CallAsync(
            operation,
            () => engine.Images.CreateImageAsync(
                new Models.ImagesCreateParameters { FromImage = repository, Tag = tag },
                authConfig: null,
                new ProgressReader(operation, message => progress?.Report(message)),
                cancellationToken),
            cancellationToken,
            message => new DockerImageNotFoundException(reference, $"The image {reference} could not be pulled: {message}. Check the name and that the registry is reachable."));
    }

    public async Task<string> PushAsync(string reference, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default)
    {
        var (repository, tag) = SplitReference(reference);
        if (tag is null)
        {
            throw new ArgumentException($"cannot push {reference}: a push needs a tag, not a digest", nameof(reference));
        }

        var operation = $"pushing {reference}";
        string? digest = null;
        var reader = new ProgressReader(operation, message =>
        {
            if (message.Aux is { } aux && aux.TryGetValue("Digest", out var pushed))
            {
                digest = pushed;
            }

            progress?.Report(message);
        });

        // An empty AuthConfig becomes X-Registry-Auth: base64 of {}, which the engine requires even for open registries.
        await errors.CallAsync(
            operation,
            () => engine.Images.PushImageAsync(repository, new Models.ImagePushParameters { Tag = tag }, new Models.AuthConfig(), reader, cancellationToken),
            cancellationToken,
            message => new DockerImageNotFoundException(reference, $"Cannot push {reference}: {message}.")).ConfigureAwait(false);
        return digest ?? throw new DockerApiException(HttpStatusCode.OK, $"Docker finished {operation} without reporting the pushed digest.");
    }

    public async Task SaveAsync(IReadOnlyList<string> references, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(destination);
        if (references.Count == 0)
        {
            throw new ArgumentException("nothing to save: no image references", nameof(references));
        }

        var names = string.Join(", ", references);
        var operation = $"saving {names}";
        await using var body = await errors.CallAsync(
            operation,
            () => engine.Images.SaveImagesAsync([.. references], cancellationToken),
            cancellationToken,
            message => new DockerImageNotFoundException(names, $"Cannot save {names}: {message}.")).ConfigureAwait(false);
        try
        {
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (EngineErrors.IsTransportError(e) && !cancellationToken.IsCancellationRequested)
        {
            // The engine sends 200 before it starts exporting; a failure later only shows as a broken body.
            throw errors.StreamError(e, operation);
        }
    }

    public async Task<IReadOnlyList<string>> LoadAsync(Stream tar, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tar);
        const string operation = "loading images";
        var loaded = new List<string>();
        var reader = new ProgressReader(operation, message =>
        {
            foreach (var line in (message.Stream ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (LoadedName(line) is { } name)
                {
                    loaded.Add(name);
                }
            }

            progress?.Report(message);
        });
        await errors.CallAsync(
            operation,
            () => engine.Images.LoadImageAsync(new Models.ImageLoadParameters { Quiet = false }, new NonDisposingStream(tar), reader, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return loaded;
    }

    public async Task<string> BuildAsync(
        Stream tarContext,
        ImageBuildParameters parameters,
        IProgress<ProgressMessage>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tarContext);
        ArgumentNullException.ThrowIfNull(parameters);
        var tags = parameters.Tags.Count == 0 ? "an image" : string.Join(", ", parameters.Tags);
        var operation = $"building {tags}";
        var build = new Models.ImageBuildParameters
        {
            Dockerfile = parameters.Dockerfile,
            Tags = [.. parameters.Tags],
            Remove = true,
            ForceRemove = parameters.ForceRemoveIntermediateContainers,
            NoCache = parameters.NoCache,
            Pull = parameters.Pull ? "1" : null,
            BuildArgs = parameters.BuildArgs.Count == 0 ? null : new Dictionary<string, string>(parameters.BuildArgs),
            Labels = parameters.Labels.Count == 0 ? null : new Dictionary<string, string>(parameters.Labels),
            NetworkMode = parameters.NetworkMode,
            Target = parameters.Target,
        };

        string? imageId = null;
        var reader = new ProgressReader(operation, message =>
        {
            imageId = message.Aux is { } aux && aux.TryGetValue("ID", out var id) ? id : imageId;
            progress?.Report(message);
        });
        await errors.CallAsync(
            operation,
            () => engine.Images.BuildImageFromDockerfileAsync(build, new NonDisposingStream(tarContext), authConfigs: null, headers: null, reader, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        if (imageId is null && parameters.Tags.Count > 0)
        {
            imageId = (await InspectAsync(parameters.Tags[0], cancellationToken).ConfigureAwait(false))?.Id;
        }

        return imageId ?? throw new DockerApiException(HttpStatusCode.OK, $"Docker finished {operation} without reporting an image id.");
    }

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(IReadOnlyDictionary<string, string?>? labels = null, CancellationToken cancellationToken = default)
    {
        var images = await errors.CallAsync(
            "listing images",
            () => engine.Images.ListImagesAsync(new Models.ImagesListParameters { Filters = ContainerOperations.LabelFilters(labels) }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return [.. images.Select(image => new ImageSummary(
            image.ID,
            ContainerOperations.List(image.RepoTags),
            ContainerOperations.Map(image.Labels),
            image.Size,
            new DateTimeOffset(DateTime.SpecifyKind(image.Created, DateTimeKind.Utc))))];
    }

    public async Task RemoveAsync(string nameOrId, bool force = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await errors.CallAsync(
                $"removing image {nameOrId}",
                () => engine.Images.DeleteImageAsync(nameOrId, new Models.ImageDeleteParameters { Force = force }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
        }
    }

    public Task TagAsync(string nameOrId, string repository, string tag, CancellationToken cancellationToken = default) =>
        errors.CallAsync(
            $"tagging {nameOrId} as {repository}:{tag}",
            () => engine.Images.TagImageAsync(nameOrId, new Models.ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken),
            cancellationToken,
            message => new DockerImageNotFoundException(nameOrId, $"Cannot tag {nameOrId}: {message}."));

    /// <summary>The name in a load output line: <c>Loaded image: repo:tag</c> or <c>Loaded image ID: sha256:...</c>.</summary>
    internal static string? LoadedName(string line)
    {
        foreach (var prefix in (string[])["Loaded image ID: ", "Loaded image: "])
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim();
            }
        }

        return null;
    }

    /// <summary>Splits <c>registry:5000/repo:tag</c> into repository and tag; digests stay in the repository part.</summary>
    internal static (string Repository, string? Tag) SplitReference(string reference)
    {
        if (reference.Contains('@', StringComparison.Ordinal))
        {
            return (reference, null);
        }

        var lastSlash = reference.LastIndexOf('/');
        var lastColon = reference.LastIndexOf(':');
        return lastColon > lastSlash ? (reference[..lastColon], reference[(lastColon + 1)..]) : (reference, "latest");
    }
}
