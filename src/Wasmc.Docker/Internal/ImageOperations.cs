using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

internal sealed class ImageOperations(DockerTransport transport) : IDockerImageOperations
{
    /// <summary>
    /// The engine needs an <c>X-Registry-Auth</c> header on push even for registries without authentication;
    /// base64 of an empty JSON object means "no credentials".
    /// </summary>
    private static readonly Dictionary<string, string> AnonymousRegistryAuth = new() { ["X-Registry-Auth"] = Convert.ToBase64String("{}"u8) };

    public async Task<ImageInspect?> InspectAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        JsonNode? json;
        try
        {
            json = await transport.SendJsonAsync(HttpMethod.Get, $"/images/{Uri.EscapeDataString(nameOrId)}/json", null, $"inspecting image {nameOrId}", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }

        return new ImageInspect(
            Json.String(json, "Id"),
            Json.Strings(json, "RepoTags"),
            Json.Strings(json, "RepoDigests"),
            Json.Map(json?["Config"], "Labels"),
            Json.Long(json, "Size"),
            Json.Time(json, "Created"),
            Json.String(json, "Architecture"),
            Json.String(json, "Os"));
    }

    public async Task PullAsync(string reference, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = $"pulling {reference}";
        var (repository, tag) = SplitReference(reference);
        var query = $"/images/create?fromImage={Uri.EscapeDataString(repository)}" + (tag is null ? "" : $"&tag={Uri.EscapeDataString(tag)}");
        using var response = await transport.SendAsync(
            HttpMethod.Post,
            query,
            null,
            operation,
            cancellationToken,
            notFound: message => new DockerImageNotFoundException(reference, $"The image {reference} could not be pulled: {message}. Check the name and that the registry is reachable."),
            streamResponse: true).ConfigureAwait(false);
        await JsonMessageStream.ReadAsync(transport, response, operation, (_, message) => progress?.Report(message), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> PushAsync(string reference, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default)
    {
        var (repository, tag) = SplitReference(reference);
        if (tag is null)
        {
            throw new ArgumentException($"cannot push {reference}: a push needs a tag, not a digest", nameof(reference));
        }

        var operation = $"pushing {reference}";
        using var response = await transport.SendAsync(
            HttpMethod.Post,
            $"/images/{Uri.EscapeDataString(repository)}/push?tag={Uri.EscapeDataString(tag)}",
            null,
            operation,
            cancellationToken,
            notFound: message => new DockerImageNotFoundException(reference, $"Cannot push {reference}: {message}."),
            streamResponse: true,
            headers: AnonymousRegistryAuth).ConfigureAwait(false);

        string? digest = null;
        await JsonMessageStream.ReadAsync(
            transport,
            response,
            operation,
            (_, message) =>
            {
                if (message.Aux is { } aux && aux.TryGetValue("Digest", out var pushed))
                {
                    digest = pushed;
                }

                progress?.Report(message);
            },
            cancellationToken).ConfigureAwait(false);

        return digest ?? throw new DockerApiException(System.Net.HttpStatusCode.OK, $"Docker finished {operation} without reporting the pushed digest.");
    }

    public async Task SaveAsync(IReadOnlyList<string> references, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(destination);
        if (references.Count == 0)
        {
            throw new ArgumentException("nothing to save: no image references", nameof(references));
        }

        var operation = $"saving {string.Join(", ", references)}";
        var query = string.Join('&', references.Select(reference => "names=" + Uri.EscapeDataString(reference)));
        using var response = await transport.SendAsync(
            HttpMethod.Get,
            "/images/get?" + query,
            null,
            operation,
            cancellationToken,
            notFound: message => new DockerImageNotFoundException(string.Join(", ", references), $"Cannot save {string.Join(", ", references)}: {message}."),
            streamResponse: true).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // The engine sends 200 before it starts exporting; a failure later only shows as a broken body.
            throw transport.TranslateStreamError(e, operation);
        }
    }

    public async Task<IReadOnlyList<string>> LoadAsync(Stream tar, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tar);
        const string operation = "loading images";
        using var content = new StreamContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await transport.SendAsync(HttpMethod.Post, "/images/load?quiet=0", content, operation, cancellationToken, streamResponse: true).ConfigureAwait(false);

        var loaded = new List<string>();
        await JsonMessageStream.ReadAsync(
            transport,
            response,
            operation,
            (_, message) =>
            {
                foreach (var line in (message.Stream ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (LoadedName(line) is { } name)
                    {
                        loaded.Add(name);
                    }
                }

                progress?.Report(message);
            },
            cancellationToken).ConfigureAwait(false);
        return loaded;
    }

    public async Task<string> BuildAsync(
        Stream tarContext,
        ImageBuildParameters parameters,
        IProgress<ProgressMessage>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tags = parameters.Tags.Count == 0 ? "an image" : string.Join(", ", parameters.Tags);
        var operation = $"building {tags}";
        var query = new List<string>
        {
            "dockerfile=" + Uri.EscapeDataString(parameters.Dockerfile),
            "rm=1",
            "forcerm=" + (parameters.ForceRemoveIntermediateContainers ? "1" : "0"),
            "nocache=" + (parameters.NoCache ? "1" : "0"),
            "pull=" + (parameters.Pull ? "1" : "0"),
        };
        query.AddRange(parameters.Tags.Select(tag => "t=" + Uri.EscapeDataString(tag)));
        if (parameters.BuildArgs.Count > 0)
        {
            query.Add("buildargs=" + Uri.EscapeDataString(Json.Object(parameters.BuildArgs).ToJsonString()));
        }

        if (parameters.Labels.Count > 0)
        {
            query.Add("labels=" + Uri.EscapeDataString(Json.Object(parameters.Labels).ToJsonString()));
        }

        if (parameters.NetworkMode is { } network)
        {
            query.Add("networkmode=" + Uri.EscapeDataString(network));
        }

        if (parameters.Target is { } target)
        {
            query.Add("target=" + Uri.EscapeDataString(target));
        }

        using var content = new StreamContent(tarContext);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await transport.SendAsync(HttpMethod.Post, "/build?" + string.Join('&', query), content, operation, cancellationToken, streamResponse: true).ConfigureAwait(false);

        string? imageId = null;
        await JsonMessageStream.ReadAsync(
            transport,
            response,
            operation,
            (_, message) =>
            {
                imageId = message.Aux is { } aux && aux.TryGetValue("ID", out var id) ? id : imageId;
                progress?.Report(message);
            },
            cancellationToken).ConfigureAwait(false);

        if (imageId is null && parameters.Tags.Count > 0)
        {
            imageId = (await InspectAsync(parameters.Tags[0], cancellationToken).ConfigureAwait(false))?.Id;
        }

        return imageId ?? throw new DockerApiException(System.Net.HttpStatusCode.OK, $"Docker finished {operation} without reporting an image id.");
    }

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(IReadOnlyDictionary<string, string?>? labels = null, CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Get, "/images/json?" + Json.LabelFilter(labels), null, "listing images", cancellationToken).ConfigureAwait(false);
        return json is JsonArray array
            ? [.. array.Select(image => new ImageSummary(
                Json.String(image, "Id"),
                Json.Strings(image, "RepoTags"),
                Json.Map(image, "Labels"),
                Json.Long(image, "Size"),
                DateTimeOffset.FromUnixTimeSeconds(Json.Long(image, "Created"))))]
            : [];
    }

    public async Task RemoveAsync(string nameOrId, bool force = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.SendJsonAsync(HttpMethod.Delete, $"/images/{Uri.EscapeDataString(nameOrId)}?force={(force ? "1" : "0")}", null, $"removing image {nameOrId}", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
        }
    }

    public async Task TagAsync(string nameOrId, string repository, string tag, CancellationToken cancellationToken = default) =>
        await transport.SendJsonAsync(
            HttpMethod.Post,
            $"/images/{Uri.EscapeDataString(nameOrId)}/tag?repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}",
            null,
            $"tagging {nameOrId} as {repository}:{tag}",
            cancellationToken,
            notFound: message => new DockerImageNotFoundException(nameOrId, $"Cannot tag {nameOrId}: {message}.")).ConfigureAwait(false);

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
