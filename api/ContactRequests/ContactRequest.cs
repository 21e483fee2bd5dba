namespace SmimeAddin.ContactRequests;

/// <summary>Pending → Approved → Provisioning → Provisioned; or Rejected; or Failed (an admin may retry).</summary>
public enum ContactRequestStatus
{
    Pending,
    Approved,
    Provisioning,
    Provisioned,
    Rejected,
    Failed,
}

/// <summary>A request that an external recipient's certificate be published as a <c>_SMIME</c> mail contact. Each
/// state is committed before the directory work it leads to, so a restart resumes where the last one stopped.</summary>
public sealed class ContactRequest
{
    public const int MaxAddressLength = 320;
    public const int MaxContactNameLength = 64;
    public const int MaxDisplayNameLength = 256;
    public const int MaxThumbprintListLength = 4100; // 100 SHA-1 thumbprints and their commas
    public const int MaxIdentityLength = 1024;

    public Guid Id { get; set; }
    public string EmailAddress { get; set; } = "";
    /// <summary>Lower-case, for the one-pending-request-per-address rule.</summary>
    public string NormalizedEmailAddress { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>Proposed at request time; an approver may override it.</summary>
    public string ContactName { get; set; } = "";

    public string RequestedBy { get; set; } = "";
    public string RequestedByName { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The recipient's certificate (DER), for UserCertificate.</summary>
    public byte[] Certificate { get; set; } = [];
    /// <summary>Certs-only PKCS#7 of the certificate and the intermediates that came with it, for UserSMimeCertificate.</summary>
    public byte[] CertificateChain { get; set; } = [];
    public string Thumbprint { get; set; } = "";
    public DateTimeOffset CertificateNotAfter { get; set; }

    public ContactRequestStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? RejectionReason { get; set; }
    /// <summary>The CAs the file brought besides the chain: certs-only PKCS#7 of every CA certificate in it, for the
    /// approver to judge one by one. Empty for requests made before it was kept.</summary>
    public byte[] Authorities { get; set; } = [];
    /// <summary>Approved with CAs to add to the trusted issuers: <see cref="TrustIssuerThumbprints"/> (or, approved
    /// before approvals named thumbprints, every CA of the chain).</summary>
    public bool TrustIssuer { get; set; }
    /// <summary>The SHA-1 thumbprints the approver chose to trust, comma-separated; each a CA of this request's file.</summary>
    public string? TrustIssuerThumbprints { get; set; }
    /// <summary>The directory entry that held the address when the request was approved: provisioning publishes on it
    /// and on no other. Null: none did, so the contact <see cref="ContactName"/> is created.</summary>
    public string? ExistingEntryIdentity { get; set; }
    /// <summary>The SHA-1 thumbprints of the entry's certificates the approver agreed to replace, comma-separated.</summary>
    public string? ReplaceThumbprints { get; set; }

    /// <summary>Where the certificate came from, when the file was a message the requester received (all optional).</summary>
    public string? SourceMessageId { get; set; }
    public string? SourceSubject { get; set; }
    public DateTimeOffset? SourceReceivedAt { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Which worker holds the request while provisioning, until when (renewed while it works).</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimExpiresAt { get; set; }
    public DateTimeOffset? ProvisionedAt { get; set; }
}
