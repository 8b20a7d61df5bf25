package org.wellbeingpassport.api.pages;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Settings of the pages: {@code passport.pages.*}. */
@ConfigurationProperties("passport.pages")
public class PageSettings {
    private boolean secureCookies = true;
    private String csrfKey = "";
    private java.util.Map<String, String> providerLabels = java.util.Map.of();

    /** Session and CSRF cookies carry Secure (on by default; browsers also accept it on http://localhost). */
    public boolean isSecureCookies() {
        return secureCookies;
    }

    public void setSecureCookies(boolean secureCookies) {
        this.secureCookies = secureCookies;
    }

    /** Key of the CSRF tokens (base64); empty: a random key per instance (forms open across a restart then fail). */
    public String getCsrfKey() {
        return csrfKey;
    }

    public void setCsrfKey(String csrfKey) {
        this.csrfKey = csrfKey;
    }

    /**
     * What the sign-in page calls each OpenID Connect provider ({@code passport.pages.provider-labels.<name>}, e.g.
     * "NHS login"); a provider without a label is shown by its name.
     */
    public java.util.Map<String, String> getProviderLabels() {
        return providerLabels;
    }

    public void setProviderLabels(java.util.Map<String, String> providerLabels) {
        this.providerLabels = java.util.Map.copyOf(providerLabels);
    }
}
