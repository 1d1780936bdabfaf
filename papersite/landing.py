def N_(message):
    return message

LABELS = (N_("Read online"), N_("Download PDF"), N_("{percent}% translated"), N_("Original"),
          N_("Choose a language"))
