// A job-notification callback written the way Windows code writes one: Win32
// types, STDMETHOD declarations, STDMETHODIMP and __stdcall definitions,
// Interlocked reference counting, __uuidof, IID_PPV_ARGS, the thread locale for
// error text, CoTaskMemFree for returned strings. It includes nothing of DO
// Harness beyond the SDK header names, and must compile unchanged against
// api/include (windows_style_callback_test drives it) and against the Windows SDK.
#include <deliveryoptimization.h>
#include <Bits.h>  // as code written on Windows may spell it
#include <bits3_0.h>

class CDownloadNotify : public IBackgroundCopyCallback2
{
public:
    CDownloadNotify() : m_lRefCount(1) {}
    virtual ~CDownloadNotify() {}

    // IUnknown
    STDMETHOD(QueryInterface)(REFIID riid, LPVOID* ppvObj);
    STDMETHOD_(ULONG, AddRef)();
    STDMETHOD_(ULONG, Release)();

    // IBackgroundCopyCallback
    STDMETHOD(JobTransferred)(IBackgroundCopyJob* pJob);
    STDMETHOD(JobError)(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError);
    STDMETHOD(JobModification)(IBackgroundCopyJob* pJob, DWORD dwReserved);

    // IBackgroundCopyCallback2
    STDMETHOD(FileTransferred)(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile);

private:
    LONG m_lRefCount;
};

STDMETHODIMP CDownloadNotify::QueryInterface(REFIID riid, LPVOID* ppvObj)
{
    if (ppvObj == NULL)
    {
        return E_POINTER;
    }
    if (IsEqualIID(riid, __uuidof(IUnknown)) ||
        IsEqualIID(riid, __uuidof(IBackgroundCopyCallback)) ||
        riid == IID_IBackgroundCopyCallback2)
    {
        *ppvObj = static_cast<IBackgroundCopyCallback2*>(this);
        AddRef();
        return S_OK;
    }
    *ppvObj = NULL;
    return E_NOINTERFACE;
}

ULONG __stdcall CDownloadNotify::AddRef()
{
    return InterlockedIncrement(&m_lRefCount);
}

STDMETHODIMP_(ULONG) CDownloadNotify::Release()
{
    ULONG ulCount = InterlockedDecrement(&m_lRefCount);
    if (ulCount == 0)
    {
        delete this;
    }
    return ulCount;
}

STDMETHODIMP CDownloadNotify::JobTransferred(IBackgroundCopyJob* pJob)
{
    // Every file is in place: make them visible under their local names.
    HRESULT hr = pJob->Complete();
    if (FAILED(hr))
    {
        return hr;  // asks for the notification again after the retry delay
    }
    return S_OK;
}

STDMETHODIMP CDownloadNotify::JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError)
{
    BG_ERROR_CONTEXT Context;
    HRESULT hrError = S_OK;
    HRESULT hr = pError->GetError(&Context, &hrError);
    if (FAILED(hr))
    {
        return S_OK;
    }

    LPWSTR pszUrl = NULL;
    if (Context == BG_ERROR_CONTEXT_REMOTE_FILE)
    {
        IBackgroundCopyFile* pFile = NULL;
        if (SUCCEEDED(pError->GetFile(&pFile)))
        {
            pFile->GetRemoteName(&pszUrl);
            pFile->Release();
        }
    }

    LPWSTR pszDescription = NULL;
    pError->GetErrorDescription(LANGIDFROMLCID(GetThreadLocale()), &pszDescription);
    // A real application would log pszUrl and pszDescription here.
    CoTaskMemFree(pszDescription);
    CoTaskMemFree(pszUrl);

    // A missing file will not appear by retrying; anything else may pass.
    if (hrError == BG_E_HTTP_ERROR_404)
    {
        pJob->Cancel();
    }
    else
    {
        pJob->Resume();
    }
    return S_OK;
}

STDMETHODIMP CDownloadNotify::JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved)
{
    UNREFERENCED_PARAMETER(dwReserved);
    BG_JOB_STATE State;
    BG_JOB_PROGRESS Progress;
    if (SUCCEEDED(pJob->GetState(&State)) && State == BG_JOB_STATE_TRANSFERRING)
    {
        pJob->GetProgress(&Progress);
    }
    return NOERROR;
}

STDMETHODIMP CDownloadNotify::FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile)
{
    UNREFERENCED_PARAMETER(pJob);
    LPWSTR pszLocalName = NULL;
    HRESULT hr = pFile->GetLocalName(&pszLocalName);
    if (SUCCEEDED(hr))
    {
        // A real application would open the file here.
        CoTaskMemFree(pszLocalName);
    }
    return S_OK;
}

// Registers a new CDownloadNotify on pJob for completion, errors and finished files.
HRESULT RegisterForNotifications(IBackgroundCopyJob* pJob)
{
    CDownloadNotify* pNotify = new CDownloadNotify();
    IUnknown* pUnknown = NULL;
    HRESULT hr = pNotify->QueryInterface(IID_PPV_ARGS(&pUnknown));
    pNotify->Release();
    if (FAILED(hr))
    {
        return hr;
    }
    hr = pJob->SetNotifyInterface(pUnknown);
    pUnknown->Release();  // the job keeps its own reference
    if (FAILED(hr))
    {
        return hr;
    }
    return pJob->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR |
                                BG_NOTIFY_FILE_TRANSFERRED);
}
