using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorMessenger.Persistence;

namespace ActorMessenger.Gateway.Cluster;

/// <summary>
/// The certificate every node presents on the cluster port and the only one it accepts from a peer
/// (pinned by thumbprint): Akka.Remote has no authentication of its own, so without it anyone who reaches
/// the port could join or send actors anything. Made by the first node (self-signed) and kept, with its
/// private key, in the shared database beside the token signing key, unless a file is named.
/// </summary>
public static class ClusterCertificate
{
    public const string SecretName = "cluster-certificate";

    public static X509Certificate2 Load(ClusterSettings settings, ISecretStore secrets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(secrets);
        if (settings.Certificate is { Length: > 0 } path)
        {
            X509Certificate2 given;
            try
            {
                given = X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ClusterSettingsException($"The cluster certificate {path} cannot be read: {ex.Message}");
            }

            if (!given.HasPrivateKey)
            {
                given.Dispose();
                throw new ClusterSettingsException($"The cluster certificate {path} has no private key: export it as a PKCS#12 (.pfx) file with its key.");
            }

            return given;
        }

        return X509CertificateLoader.LoadPkcs12(secrets.GetOrCreate(SecretName, Create), password: null);
    }

    /// <summary>A new self-signed certificate for server and client authentication, as PKCS#12 bytes with its key.</summary>
    public static byte[] Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ActorMessenger cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
