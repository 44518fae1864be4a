"""Site-wide security: the Content-Security-Policy, the login lockout, two-factor login.

README "Security" explains each to those who run the portal.
"""
