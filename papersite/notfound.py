def N_(message):
    return message
LABELS = (N_("Page not found"), N_("The page you are looking for does not exist in this language."), N_("Go to the first page"))
