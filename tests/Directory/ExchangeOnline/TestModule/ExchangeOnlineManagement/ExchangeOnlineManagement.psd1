# A stand-in for Microsoft's ExchangeOnlineManagement module, for SmimeAddin's tests only: the same cmdlet and
# parameter names and types as Microsoft's reference documents, state kept per organization, and Exchange's errors.
@{
    RootModule        = 'ExchangeOnlineManagement.psm1'
    ModuleVersion     = '3.9.0'
    GUID              = '6b0f3c2e-2f7c-4c61-9d3e-3f6d0e5b8a41'
    Author            = 'SmimeAddin tests'
    Description       = 'Test double of ExchangeOnlineManagement: Connect-ExchangeOnline and the recipient and S/MIME cmdlets SmimeAddin calls.'
    PowerShellVersion = '7.4'
    FunctionsToExport = @(
        'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-Recipient', 'Get-Mailbox', 'Get-MailUser', 'Get-MailContact', 'New-MailContact',
        'Set-Mailbox', 'Set-MailUser', 'Set-MailContact', 'Get-SmimeConfig', 'Set-SmimeConfig')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
